// The kernel command line: a tokenizer that keeps every byte (cmdline-tokens.ts), and a text-preserving editor
// over one line or the parts a boot loader joins into one (cmdline-edit.ts). Every boot loader source edits
// through here, so the rules below hold for all of them.
//
// Tokenizing follows the kernel's own `next_arg()` (lib/cmdline.c): parameters are separated by whitespace
// (isspace: space, tab, newline, ...), a `"` toggles quoting anywhere in a parameter (`foo="a b"`, `"foo=a b"`),
// the key ends at the first `=`, and quotes around the value are not part of it. Parsing stops at a bare `--`:
// everything after it is handed to init (kernel/params.c `parse_args`), so the editor adds new parameters before
// it and touches nothing after it but module parameters, which kmod reads there too (cmdline-edit.ts).
//
// Keys compare with `-` and `_` as equal, as the kernel does (kernel/params.c `parameq`; documented in
// Documentation/admin-guide/kernel-parameters.rst, "Special handling": "Hyphens (dashes) and underscores are
// equivalent in parameter names"), so `vfio-pci.ids` and `vfio_pci.ids` are the same parameter.
//
// The editor is idempotent by "strip what we could have added, add what we want" (docs/architecture.md): applying an edit
// twice gives the same text as applying it once, and an edit that adds parameters a line lacked, followed by
// one removing them, gives back that line byte for byte.

export * from './cmdline-tokens.js';
export { editCmdline, editCmdlineParts, listItems, moduleScoped } from './cmdline-edit.js';
