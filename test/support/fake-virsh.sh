#!/bin/bash
# A stand-in for virsh, selected with DGPU_VIRSH: domains are files $FAKE_VIRSH_DIR/<name>.xml. It answers the
# two calls dgpu makes, as virsh(1) does: `-c URI dumpxml --inactive -- NAME` and `-c URI define [--validate] FILE`
# (--validate: libvirt's RelaxNG schema through virt-xml-validate). Every call is logged to calls.log.
# FAKE_VIRSH_DROP=TEXT: define removes TEXT from what it stores, like libvirt normalising a change away.
# FAKE_VIRSH_REFUSE=TEXT: define refuses a file holding TEXT, as libvirt refuses what the host cannot do.
set -u
dir=${FAKE_VIRSH_DIR:?FAKE_VIRSH_DIR is not set}
echo "$*" >>"$dir/calls.log"
[ "${1-}" = -c ] && shift 2
case "${1-}" in
dumpxml)
  [ "${2-}" = --inactive ] && [ "${3-}" = -- ] || { echo "error: fake virsh wants dumpxml --inactive -- NAME" >&2; exit 2; }
  name=$4
  if [ ! -f "$dir/$name.xml" ]; then
    printf "error: failed to get domain '%s'\n" "$name" >&2
    exit 1
  fi
  cat "$dir/$name.xml"
  ;;
define)
  shift
  validate=0
  if [ "${1-}" = --validate ]; then validate=1; shift; fi
  file=$1
  if [ $validate = 1 ]; then
    if ! out=$(virt-xml-validate "$file" domain 2>&1); then
      printf 'error: XML document failed to validate against schema: %s\n' "$(head -n 1 <<<"$out")" >&2
      exit 1
    fi
  elif ! xmllint --noout "$file" 2>/dev/null; then
    echo "error: (domain_definition):1: malformed XML" >&2
    exit 1
  fi
  if [ -n "${FAKE_VIRSH_REFUSE-}" ] && grep -qF -- "$FAKE_VIRSH_REFUSE" "$file"; then
    echo "error: unsupported configuration: topoext is not available on this host" >&2
    exit 1
  fi
  name=$(xmllint --xpath 'string(/domain/name)' "$file")
  if [ -n "${FAKE_VIRSH_DROP-}" ]; then
    drop=$FAKE_VIRSH_DROP
    text=$(cat "$file"; echo x)
    printf '%s' "${text%x}" | sed "s/$drop//g" >"$dir/$name.xml"
  else
    cp "$file" "$dir/$name.xml"
  fi
  printf 'Domain %s defined from %s\n\n' "$name" "$file"
  ;;
*)
  echo "error: fake virsh does not know '$*'" >&2
  exit 2
  ;;
esac
