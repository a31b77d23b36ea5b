// GPU families by PCI device id, kept as data with their sources (the family comes from device-id lists,
// not from name matching). Ids are four lowercase hex digits. An id in no list is placed by its vendor's id ranges
// where they decide the family (gpu-id-ranges.ts), else the verdict says why it cannot be placed.
//
// Sources, cited per list:
// - AMD: the Linux kernel's amdgpu pciidlist (drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c); its CHIP_* asic names map
//   to codenames (SIENNA_CICHLID = Navi 21, NAVY_FLOUNDER = Navi 22, DIMGREY_CAVEFISH = Navi 23, BEIGE_GOBY =
//   Navi 24). RDNA3 and newer APUs are bound by IP discovery (a class match), so their ids come from pci.ids, as do
//   the radeon-driver chips (TeraScale, and GCN 1 Cape Verde / Oland / Hainan) and Iceland/Topaz, Kaveri/Kabini,
//   Instinct, whose pci.ids names start with the codename.
// - NVIDIA: pci.ids 2026.08.22, whose NVIDIA names start with the chip codename nouveau also uses (G8x/G9x/GT2xx
//   Tesla, GF1xx Fermi, GK1xx/GK2xx Kepler, GM1xx/GM2xx Maxwell, GP1xx Pascal, GV100 Volta, TU1xx Turing, GA1xx
//   Ampere, GH100 Hopper, AD1xx Ada, GB1xx/GB2xx Blackwell); display functions only (no audio, USB, UCSI, NVSwitch).
// - Intel: the kernel's include/drm/intel/pciids.h macro lists.
// Families are those of DarwinKVM's GPU charts (test/core/analysis/macos-chart.test.ts holds every chart row to them).

export interface GpuFamilyIds {
  /** Family name as shown to the user, e.g. `Navi 21`, `Kepler`. */
  family: string;
  /** PCI vendor id: `1002` AMD, `10de` NVIDIA, `8086` Intel. */
  vendor: '1002' | '10de' | '8086';
  /** Where the list comes from. */
  source: string;
  ids: readonly string[];
}

export const GPU_FAMILIES: readonly GpuFamilyIds[] = [
  {
    family: 'Tahiti',
    vendor: '1002',
    source:
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_TAHITI)',
    ids: [
      '6780', '6784', '6788', '678a', '6790', '6791', '6792', '6798', '6799', '679a', '679b', '679e', '679f',
    ],
  },
  {
    family: 'Pitcairn',
    vendor: '1002',
    source:
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_PITCAIRN)',
    ids: [
      '6800', '6801', '6802', '6806', '6808', '6809', '6810', '6811', '6816', '6817', '6818', '6819',
    ],
  },
  {
    family: 'Bonaire',
    vendor: '1002',
    source:
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_BONAIRE); pci.ids 2026.08.22 (pciutils/pciids), AMD/ATI device names',
    ids: [
      '6640', '6641', '6646', '6647', '6649', '664d', '6650', '6651', '6658', '665c', '665d', '665f',
    ],
  },
  {
    family: 'Hawaii',
    vendor: '1002',
    source:
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_HAWAII)',
    ids: [
      '67a0', '67a1', '67a2', '67a8', '67a9', '67aa', '67b0', '67b1', '67b8', '67b9', '67ba', '67be',
    ],
  },
  {
    family: 'Tonga',
    vendor: '1002',
    source:
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_TONGA); pci.ids 2026.08.22 (pciutils/pciids), AMD/ATI device names',
    ids: [
      '6920', '6921', '6928', '6929', '692b', '692f', '6930', '6938', '6939', '693b',
    ],
  },
  {
    family: 'Fiji',
    vendor: '1002',
    source:
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_FIJI)',
    ids: [
      '7300', '730f',
    ],
  },
  {
    family: 'Polaris 10',
    vendor: '1002',
    source:
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_POLARIS10; Polaris 20 reuses these ids); pci.ids 2026.08.22 (pciutils/pciids), AMD/ATI device names',
    ids: [
      '67c0', '67c1', '67c2', '67c4', '67c7', '67c8', '67c9', '67ca', '67cc', '67cf', '67d0', '67d4', '67d7', '67df',
      '6fdf',
    ],
  },
  {
    family: 'Polaris 11',
    vendor: '1002',
    source:
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_POLARIS11; Polaris 21 reuses these ids; asic_type_quirks makes 0x67ff at revisions e3/e7/f3/f7 a Polaris 10)',
    ids: [
      '67e0', '67e1', '67e3', '67e7', '67e8', '67e9', '67eb', '67ef', '67ff',
    ],
  },
  {
    family: 'Polaris 12',
    vendor: '1002',
    source:
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_POLARIS12, "Lexa" in pci.ids); pci.ids 2026.08.22 (pciutils/pciids), AMD/ATI device names',
    ids: [
      '6980', '6981', '6985', '6986', '6987', '698f', '6995', '6997', '699f',
    ],
  },
  {
    family: 'Vega 10',
    vendor: '1002',
    source:
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_VEGA10)',
    ids: [
      '6860', '6861', '6862', '6863', '6864', '6867', '6868', '6869', '686a', '686b', '686c', '686d', '686e', '686f',
      '687f',
    ],
  },
  {
    family: 'Vega 20',
    vendor: '1002',
    source:
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_VEGA20)',
    ids: [
      '66a0', '66a1', '66a2', '66a3', '66a4', '66a7', '66af',
    ],
  },
  {
    family: 'Navi 10',
    vendor: '1002',
    source:
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_NAVI10)',
    ids: [
      '7310', '7312', '7318', '7319', '731a', '731b', '731e', '731f',
    ],
  },
  {
    family: 'Navi 14',
    vendor: '1002',
    source:
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_NAVI14)',
    ids: [
      '7340', '7341', '7347', '734f',
    ],
  },
  {
    family: 'Navi 21',
    vendor: '1002',
    source:
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_SIENNA_CICHLID)',
    ids: [
      '73a0', '73a1', '73a2', '73a3', '73a5', '73a8', '73a9', '73ab', '73ac', '73ad', '73ae', '73af', '73bf',
    ],
  },
  {
    family: 'Navi 22',
    vendor: '1002',
    source:
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_NAVY_FLOUNDER); pci.ids 2026.08.22 (pciutils/pciids), AMD/ATI device names',
    ids: [
      '73c0', '73c1', '73c3', '73ce', '73da', '73db', '73dc', '73dd', '73de', '73df',
    ],
  },
  {
    family: 'Navi 23',
    vendor: '1002',
    source:
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_DIMGREY_CAVEFISH)',
    ids: [
      '73e0', '73e1', '73e2', '73e3', '73e8', '73e9', '73ea', '73eb', '73ec', '73ed', '73ef', '73ff',
    ],
  },
  {
    family: 'Navi 24',
    vendor: '1002',
    source:
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_BEIGE_GOBY)',
    ids: [
      '7420', '7421', '7422', '7423', '7424', '743f',
    ],
  },
  {
    family: 'Navi 31',
    vendor: '1002',
    source:
      'pci.ids 2023.04.10 (pciutils), AMD/ATI device names (amdgpu binds RDNA3 by IP discovery, a class match, so the kernel lists no ids); pci.ids 2026.08.22 (pciutils/pciids), AMD/ATI device names',
    ids: [
      '7448', '7449', '744a', '744b', '744c', '745e',
    ],
  },
  {
    family: 'Navi 32',
    vendor: '1002',
    source:
      'lspci name "Navi 32 [Radeon RX 7700 XT / 7800 XT]" (pci.ids after 2023.04.10), seen in real host dump 11; pci.ids 2026.08.22 (pciutils/pciids), AMD/ATI device names',
    ids: [
      '7460', '7461', '7470', '747e',
    ],
  },
  {
    family: 'Navi 33',
    vendor: '1002',
    source:
      'pci.ids 2023.04.10 (pciutils), AMD/ATI device names; pci.ids 2026.08.22 (pciutils/pciids), AMD/ATI device names',
    ids: [
      '73f0', '7480', '7481', '7483', '7487', '7489', '748b', '7499', '749f',
    ],
  },
  {
    family: 'Raven (APU)',
    vendor: '1002',
    source:
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_RAVEN|AMD_IS_APU)',
    ids: [
      '15d8', '15dd',
    ],
  },
  {
    family: 'Renoir (APU)',
    vendor: '1002',
    source:
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_RENOIR|AMD_IS_APU: Renoir, Cezanne, Lucienne)',
    ids: [
      '15e7', '1636', '1638', '164c',
    ],
  },
  {
    family: 'Rembrandt (APU)',
    vendor: '1002',
    source:
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_YELLOW_CARP|AMD_IS_APU)',
    ids: [
      '164d', '1681',
    ],
  },
  {
    family: 'Raphael (APU)',
    vendor: '1002',
    source:
      'pci.ids 2023.04.10 (pciutils), AMD/ATI device names; pci.ids 2026.08.22 (pciutils/pciids), AMD/ATI device names',
    ids: [
      '13c0', '164e',
    ],
  },
  {
    family: 'Phoenix (APU)',
    vendor: '1002',
    source:
      'pci.ids 2023.04.10 (pciutils), AMD/ATI device names',
    ids: [
      '15bf', '15c8', '164f',
    ],
  },
  {
    family: 'Mendocino (APU)',
    vendor: '1002',
    source:
      'pci.ids 2023.04.10 (pciutils), AMD/ATI device names',
    ids: [
      '1506',
    ],
  },
  {
    family: 'TeraScale 1 (HD 4000)',
    vendor: '1002',
    source:
      'pci.ids 2026.08.22 (pciutils/pciids), AMD/ATI device names (radeon-driver chips)',
    ids: [
      '9440', '9442', '9444', '9446', '944a', '944b', '944c', '944e', '9450', '9452', '9456', '945a', '9460', '9462',
      '946a', '9480', '9488', '9489', '9490', '9491', '9495', '9498', '949c', '949e', '949f', '94a0', '94a1', '94a3',
      '94b3', '94b4', '9540', '954f', '9552', '9553', '955f',
    ],
  },
  {
    family: 'TeraScale 2 (HD 5000)',
    vendor: '1002',
    source:
      'pci.ids 2026.08.22 (pciutils/pciids), AMD/ATI device names (radeon-driver chips)',
    ids: [
      '6888', '6889', '688a', '688c', '688d', '6898', '6899', '689b', '689c', '689d', '689e', '68a9', '68b8', '68b9',
      '68ba', '68be', '68bf', '68c8', '68c9', '68d8', '68d9', '68da', '68de', '68e8', '68e9', '68f1', '68f2', '68f8',
      '68f9', '68fa', '68fe',
    ],
  },
  {
    family: 'TeraScale 2 (HD 6000)',
    vendor: '1002',
    source:
      'pci.ids 2026.08.22 (pciutils/pciids), AMD/ATI device names (radeon-driver chips; mobile Whistler/Seymour/Thames/Vancouver/Blackcomb too)',
    ids: [
      '6720', '6738', '6739', '673e', '6740', '6741', '6742', '6743', '6749', '674a', '6751', '6758', '6759', '675b',
      '675d', '675f', '6760', '6761', '6763', '6764', '6765', '6766', '6767', '6768', '6770', '6771', '6772', '6778',
      '6779', '677b', '6840', '6841', '6842', '6843', '9802', '9803', '9804', '9805', '9806', '9807', '9808', '9809',
      '980a',
    ],
  },
  {
    family: 'TeraScale 3 (HD 6900)',
    vendor: '1002',
    source:
      'pci.ids 2026.08.22 (pciutils/pciids), AMD/ATI device names (radeon-driver chips)',
    ids: [
      '6704', '6707', '6718', '6719', '671c', '671d', '671f',
    ],
  },
  {
    family: 'Cape Verde',
    vendor: '1002',
    source:
      'pci.ids 2026.08.22 (pciutils/pciids), AMD/ATI device names',
    ids: [
      '6820', '6821', '6822', '6823', '6825', '6826', '6827', '6828', '6829', '682a', '682b', '682c', '682d', '682f',
      '6835', '6837', '683d', '683f',
    ],
  },
  {
    family: 'Oland',
    vendor: '1002',
    source:
      'pci.ids 2026.08.22 (pciutils/pciids), AMD/ATI device names',
    ids: [
      '6600', '6601', '6604', '6605', '6606', '6607', '6608', '6609', '6610', '6611', '6613', '6617', '6631',
    ],
  },
  {
    family: 'Hainan',
    vendor: '1002',
    source:
      'pci.ids 2026.08.22 (pciutils/pciids), AMD/ATI device names',
    ids: [
      '6660', '6663', '6664', '6665', '6667', '666f',
    ],
  },
  {
    family: 'Iceland / Topaz',
    vendor: '1002',
    source:
      'pci.ids 2026.08.22 (pciutils/pciids), AMD/ATI device names',
    ids: [
      '6900', '6901', '6907',
    ],
  },
  {
    family: 'Kaveri / Kabini (APU)',
    vendor: '1002',
    source:
      'pci.ids 2026.08.22 (pciutils/pciids), AMD/ATI device names',
    ids: [
      '1304', '1305', '1306', '1307', '1309', '130a', '130b', '130c', '130d', '130e', '130f', '1310', '1311', '1312',
      '1313', '1315', '1316', '1317', '1318', '131b', '131c', '131d', '9830', '9831', '9832', '9833', '9834', '9835',
      '9836', '9837', '9838', '9839', '983d', '9850', '9851', '9852', '9853', '9854', '9855', '9856', '9857', '9858',
      '9859', '985a', '985b', '985c', '985d', '985e', '985f', '9874', '98e4',
    ],
  },
  {
    family: 'Instinct (CDNA)',
    vendor: '1002',
    source:
      'pci.ids 2026.08.22 (pciutils/pciids), AMD/ATI device names',
    ids: [
      '7388', '738c', '738e', '7408', '740c', '740f', '74a0', '74a1', '74a2', '74a5', '74a9', '74b5', '74b9', '74bd',
      '75a0', '75a3', '75a8',
    ],
  },
  {
    family: 'Navi 44',
    vendor: '1002',
    source:
      'pci.ids 2026.08.22 (pciutils/pciids), AMD/ATI device names',
    ids: [
      '7590',
    ],
  },
  {
    family: 'Navi 48',
    vendor: '1002',
    source:
      'pci.ids 2026.08.22 (pciutils/pciids), AMD/ATI device names',
    ids: [
      '7550', '7551',
    ],
  },
  {
    family: 'Van Gogh (APU)',
    vendor: '1002',
    source:
      'pci.ids 2026.08.22 (pciutils/pciids), AMD/ATI device names',
    ids: [
      '163f',
    ],
  },
  {
    family: 'Strix (APU)',
    vendor: '1002',
    source:
      'pci.ids 2026.08.22 (pciutils/pciids), AMD/ATI device names',
    ids: [
      '150e', '1586',
    ],
  },
  {
    family: 'Tesla',
    vendor: '10de',
    source:
      'pci.ids 2026.08.22 (pciutils/pciids), NVIDIA device names that start with the chip codename, display functions only',
    ids: [
      '0190', '0191', '0192', '0193', '0194', '0197', '019d', '019e', '0400', '0401', '0402', '0403', '0404', '0405',
      '0406', '0407', '0408', '0409', '040a', '040b', '040c', '040d', '040e', '040f', '0410', '0414', '0418', '0420',
      '0421', '0422', '0423', '0424', '0425', '0426', '0427', '0428', '0429', '042a', '042b', '042c', '042d', '042e',
      '042f', '05e0', '05e1', '05e2', '05e3', '05e6', '05e7', '05ea', '05eb', '05ed', '05f1', '05f2', '05f8', '05f9',
      '05fd', '05fe', '05ff', '0600', '0601', '0602', '0603', '0604', '0605', '0606', '0607', '0608', '0609', '060a',
      '060b', '060c', '060d', '060f', '0610', '0611', '0612', '0613', '0614', '0615', '0617', '0618', '0619', '061a',
      '061b', '061c', '061d', '061e', '061f', '0620', '0621', '0622', '0623', '0624', '0625', '0626', '0627', '0628',
      '062a', '062b', '062c', '062d', '062e', '062f', '0630', '0631', '0632', '0633', '0635', '0637', '0638', '063a',
      '063f', '0640', '0641', '0642', '0643', '0644', '0645', '0646', '0647', '0648', '0649', '064a', '064b', '064c',
      '064e', '0651', '0652', '0653', '0654', '0655', '0656', '0658', '0659', '065a', '065b', '065c', '065d', '065f',
      '06e0', '06e1', '06e2', '06e3', '06e4', '06e5', '06e6', '06e7', '06e8', '06e9', '06ea', '06eb', '06ec', '06ed',
      '06ee', '06ef', '06f1', '06f8', '06f9', '06fa', '06fb', '06fd', '06ff', '0a20', '0a21', '0a22', '0a23', '0a24',
      '0a26', '0a27', '0a28', '0a29', '0a2a', '0a2b', '0a2c', '0a2d', '0a30', '0a32', '0a34', '0a35', '0a38', '0a3c',
      '0a60', '0a62', '0a63', '0a64', '0a65', '0a66', '0a67', '0a68', '0a69', '0a6a', '0a6c', '0a6e', '0a6f', '0a70',
      '0a71', '0a72', '0a73', '0a74', '0a75', '0a76', '0a78', '0a7a', '0a7b', '0a7c', '0ca0', '0ca2', '0ca3', '0ca4',
      '0ca5', '0ca7', '0ca8', '0ca9', '0cac', '0caf', '0cb0', '0cb1', '0cbc', '10c0', '10c3', '10c5', '10d8',
    ],
  },
  {
    family: 'Fermi',
    vendor: '10de',
    source:
      'pci.ids 2026.08.22 (pciutils/pciids), NVIDIA device names that start with the chip codename, display functions only',
    ids: [
      '06c0', '06c4', '06ca', '06cb', '06cd', '06d0', '06d1', '06d2', '06d8', '06d9', '06da', '06dc', '06dd', '06de',
      '06df', '0dc0', '0dc4', '0dc5', '0dc6', '0dcd', '0dce', '0dd1', '0dd2', '0dd3', '0dd6', '0dd8', '0dda', '0de0',
      '0de1', '0de2', '0de3', '0de4', '0de5', '0de7', '0de8', '0de9', '0dea', '0deb', '0dec', '0ded', '0dee', '0def',
      '0df0', '0df1', '0df2', '0df3', '0df4', '0df5', '0df6', '0df7', '0df8', '0df9', '0dfa', '0dfc', '0e22', '0e23',
      '0e24', '0e30', '0e31', '0e3a', '0e3b', '0f00', '0f01', '0f02', '0f03', '0f06', '1040', '1042', '1045', '1048',
      '1049', '104a', '104b', '104c', '104d', '1050', '1051', '1052', '1054', '1055', '1056', '1057', '1058', '1059',
      '105a', '105b', '107c', '107d', '1080', '1081', '1082', '1084', '1086', '1087', '1088', '1089', '108b', '108e',
      '1091', '1094', '1096', '109a', '109b', '1140', '1200', '1201', '1202', '1203', '1205', '1206', '1207', '1208',
      '1210', '1211', '1212', '1213', '1241', '1243', '1244', '1245', '1246', '1247', '1248', '1249', '124b', '124d',
      '1251',
    ],
  },
  {
    family: 'Kepler',
    vendor: '10de',
    source:
      'pci.ids 2026.08.22 (pciutils/pciids), NVIDIA device names that start with the chip codename, display functions only',
    ids: [
      '0fa5', '0fa7', '0fc0', '0fc1', '0fc2', '0fc4', '0fc5', '0fc6', '0fc8', '0fc9', '0fcb', '0fcc', '0fcd', '0fce',
      '0fcf', '0fd0', '0fd1', '0fd2', '0fd3', '0fd4', '0fd5', '0fd6', '0fd7', '0fd8', '0fd9', '0fda', '0fdb', '0fdc',
      '0fdd', '0fde', '0fdf', '0fe0', '0fe1', '0fe2', '0fe3', '0fe4', '0fe5', '0fe6', '0fe7', '0fe8', '0fe9', '0fea',
      '0fec', '0fed', '0fee', '0fef', '0ff0', '0ff1', '0ff2', '0ff3', '0ff5', '0ff6', '0ff7', '0ff8', '0ff9', '0ffa',
      '0ffb', '0ffc', '0ffd', '0ffe', '0fff', '1001', '1003', '1004', '1005', '1007', '1008', '100a', '100c', '101e',
      '101f', '1020', '1021', '1022', '1023', '1024', '1026', '1027', '1028', '1029', '102a', '102d', '102e', '102f',
      '103a', '103c', '103f', '1180', '1182', '1183', '1184', '1185', '1186', '1187', '1188', '1189', '118a', '118b',
      '118c', '118d', '118e', '118f', '1191', '1193', '1194', '1195', '1198', '1199', '119a', '119d', '119e', '119f',
      '11a0', '11a1', '11a2', '11a3', '11a4', '11a5', '11a7', '11a8', '11a9', '11aa', '11ac', '11af', '11b0', '11b1',
      '11b4', '11b6', '11b7', '11b8', '11b9', '11ba', '11bb', '11bc', '11bd', '11be', '11bf', '11c0', '11c1', '11c2',
      '11c3', '11c4', '11c5', '11c6', '11c7', '11c8', '11cb', '11d0', '11d1', '11d2', '11d3', '11e0', '11e1', '11e2',
      '11e3', '11e7', '11fa', '11fc', '11ff', '1280', '1281', '1282', '1283', '1284', '1285', '1286', '1287', '1288',
      '1289', '128a', '128b', '128c', '1290', '1291', '1292', '1293', '1294', '1295', '1296', '1298', '1299', '129a',
      '12a0', '12ad', '12ae', '12af', '12b0', '12b1', '12b9', '12ba', '130b',
    ],
  },
  {
    family: 'Maxwell',
    vendor: '10de',
    source:
      'pci.ids 2026.08.22 (pciutils/pciids), NVIDIA device names that start with the chip codename, display functions only',
    ids: [
      '1340', '1341', '1344', '1346', '1347', '1348', '1349', '134b', '134d', '134e', '134f', '137a', '137b', '137d',
      '1380', '1381', '1382', '1389', '1390', '1391', '1392', '1393', '1398', '1399', '139a', '139b', '139c', '139d',
      '13ad', '13ae', '13b0', '13b1', '13b2', '13b3', '13b4', '13b6', '13b9', '13ba', '13bb', '13bc', '13bd', '13be',
      '13bf', '13c0', '13c1', '13c2', '13c3', '13c4', '13d7', '13d8', '13d9', '13da', '13e4', '13e7', '13f0', '13f1',
      '13f2', '13f3', '13f8', '13f9', '13fa', '13fb', '1401', '1402', '1404', '1406', '1407', '1427', '1430', '1431',
      '1436', '1613', '1617', '1618', '1619', '161a', '1667', '1676', '174d', '174e', '1789', '179c', '17c2', '17c8',
      '17f0', '17f1', '17fd',
    ],
  },
  {
    family: 'Pascal',
    vendor: '10de',
    source:
      'pci.ids 2026.08.22 (pciutils/pciids), NVIDIA device names that start with the chip codename, display functions only',
    ids: [
      '15c2', '15f0', '15f1', '15f7', '15f8', '15f9', '15fa', '15fb', '15fc', '15ff', '1725', '172e', '172f', '1b00',
      '1b01', '1b02', '1b04', '1b06', '1b07', '1b30', '1b38', '1b39', '1b70', '1b78', '1b80', '1b81', '1b82', '1b83',
      '1b84', '1b87', '1ba0', '1ba1', '1ba2', '1ba9', '1baa', '1bad', '1bb0', '1bb1', '1bb3', '1bb4', '1bb5', '1bb6',
      '1bb7', '1bb8', '1bb9', '1bbb', '1bc7', '1be0', '1be1', '1c00', '1c01', '1c02', '1c03', '1c04', '1c06', '1c07',
      '1c09', '1c20', '1c21', '1c22', '1c23', '1c2d', '1c30', '1c31', '1c35', '1c36', '1c60', '1c61', '1c62', '1c70',
      '1c81', '1c82', '1c83', '1c8c', '1c8d', '1c8e', '1c8f', '1c90', '1c91', '1c92', '1c94', '1c96', '1ca7', '1ca8',
      '1caa', '1cb1', '1cb2', '1cb3', '1cb6', '1cba', '1cbb', '1cbc', '1cbd', '1ccc', '1ccd', '1cfa', '1cfb', '1d01',
      '1d02', '1d10', '1d11', '1d12', '1d13', '1d16', '1d33', '1d34', '1d52', '1d56',
    ],
  },
  {
    family: 'Volta',
    vendor: '10de',
    source:
      'pci.ids 2026.08.22 (pciutils/pciids), NVIDIA device names that start with the chip codename, display functions only',
    ids: [
      '1d81', '1d83', '1d84', '1db0', '1db1', '1db2', '1db3', '1db4', '1db5', '1db6', '1db7', '1db8', '1dba', '1dbd',
      '1dbe', '1dc1', '1df0', '1df2', '1df4', '1df5', '1df6',
    ],
  },
  {
    family: 'Turing',
    vendor: '10de',
    source:
      'pci.ids 2026.08.22 (pciutils/pciids), NVIDIA device names that start with the chip codename, display functions only',
    ids: [
      '1e02', '1e03', '1e04', '1e07', '1e09', '1e2d', '1e2e', '1e30', '1e35', '1e36', '1e37', '1e38', '1e3c', '1e3d',
      '1e3e', '1e78', '1e81', '1e82', '1e84', '1e87', '1e89', '1e90', '1e91', '1e93', '1eab', '1eae', '1eb0', '1eb1',
      '1eb4', '1eb5', '1eb6', '1eb8', '1eb9', '1eba', '1ebe', '1ec2', '1ec7', '1ed0', '1ed1', '1ed3', '1ef5', '1f02',
      '1f03', '1f04', '1f06', '1f07', '1f08', '1f09', '1f0a', '1f0b', '1f10', '1f11', '1f12', '1f14', '1f15', '1f2e',
      '1f36', '1f42', '1f47', '1f50', '1f51', '1f54', '1f55', '1f76', '1f81', '1f82', '1f83', '1f91', '1f92', '1f94',
      '1f95', '1f96', '1f97', '1f98', '1f99', '1f9c', '1f9d', '1f9f', '1fa0', '1fa1', '1fae', '1fb0', '1fb1', '1fb2',
      '1fb6', '1fb7', '1fb8', '1fb9', '1fba', '1fbb', '1fbc', '1fbf', '1fd9', '1fdd', '1ff0', '1ff2', '1ff9', '2182',
      '2183', '2184', '2186', '2187', '2188', '2189', '2191', '2192', '21ae', '21bf', '21c2', '21c3', '21c4', '21d1',
    ],
  },
  {
    family: 'Ampere',
    vendor: '10de',
    source:
      'pci.ids 2026.08.22 (pciutils/pciids), NVIDIA device names that start with the chip codename, display functions only',
    ids: [
      '2080', '2081', '2082', '20b0', '20b1', '20b2', '20b3', '20b4', '20b5', '20b6', '20b7', '20b8', '20b9', '20bb',
      '20bd', '20be', '20bf', '20c0', '20c2', '20f0', '20f1', '20f2', '20f3', '20f5', '20f6', '20fd', '20fe', '20ff',
      '2200', '2203', '2204', '2205', '2206', '2207', '2208', '220a', '220d', '2216', '222b', '222f', '2230', '2231',
      '2232', '2233', '2235', '2236', '2237', '2238', '223f', '2414', '2420', '2438', '2460', '2480', '2482', '2483',
      '2484', '2486', '2487', '2488', '2489', '248a', '248c', '248d', '248e', '249c', '249d', '249f', '24a0', '24a4',
      '24ac', '24ad', '24af', '24b0', '24b1', '24b6', '24b7', '24b8', '24b9', '24ba', '24bb', '24bf', '24c0', '24c7',
      '24c8', '24c9', '24dc', '24dd', '24df', '24e0', '24fa', '2501', '2503', '2504', '2505', '2507', '2508', '2509',
      '2520', '2521', '2523', '252f', '2531', '2544', '2560', '2561', '2563', '2571', '2582', '2583', '2584', '25a0',
      '25a2', '25a3', '25a4', '25a5', '25a6', '25a7', '25a9', '25aa', '25ab', '25ac', '25ad', '25af', '25b0', '25b2',
      '25b5', '25b6', '25b8', '25b9', '25ba', '25bb', '25bc', '25bd', '25e0', '25e2', '25e5', '25ec', '25ed', '25f9',
      '25fa', '25fb',
    ],
  },
  {
    family: 'Hopper',
    vendor: '10de',
    source:
      'pci.ids 2026.08.22 (pciutils/pciids), NVIDIA device names that start with the chip codename, display functions only',
    ids: [
      '2302', '230c', '230e', '2313', '2321', '2322', '2324', '2328', '2329', '232c', '2330', '2331', '2335', '2336',
      '2337', '2338', '2339', '233a', '233b', '233d', '2342', '2343', '2345', '2348', '237e', '237f', '23b0', '23f0',
    ],
  },
  {
    family: 'Ada Lovelace',
    vendor: '10de',
    source:
      'pci.ids 2026.08.22 (pciutils/pciids), NVIDIA device names that start with the chip codename, display functions only',
    ids: [
      '2681', '2684', '2685', '2689', '26af', '26b1', '26b2', '26b3', '26b5', '26b7', '26b8', '26b9', '26ba', '26bb',
      '26f5', '2702', '2703', '2704', '2705', '2709', '2717', '2730', '2757', '2770', '2782', '2783', '2785', '2786',
      '2788', '27a0', '27b0', '27b1', '27b2', '27b6', '27b7', '27b8', '27ba', '27bb', '27e0', '27fa', '27fb', '2803',
      '2805', '2808', '2820', '2822', '2838', '2860', '2878', '2882', '28a0', '28a1', '28a3', '28b0', '28b8', '28b9',
      '28ba', '28bb', '28e0', '28e1', '28e3', '28f8',
    ],
  },
  {
    family: 'Blackwell',
    vendor: '10de',
    source:
      'pci.ids 2026.08.22 (pciutils/pciids), NVIDIA device names that start with the chip codename, display functions only',
    ids: [
      '2900', '2901', '2909', '2920', '2924', '2925', '293d', '2940', '2941', '297e', '2980', '29bb', '29bc', '29c0',
      '29f1', '2b00', '2b85', '2b87', '2b8c', '2bb1', '2bb2', '2bb3', '2bb4', '2bb5', '2bb9', '2bbc', '2c02', '2c05',
      '2c18', '2c19', '2c31', '2c33', '2c34', '2c38', '2c39', '2c3a', '2c58', '2c59', '2c77', '2c79', '2d04', '2d05',
      '2d18', '2d19', '2d30', '2d39', '2d58', '2d59', '2d79', '2d83', '2d98', '2db8', '2db9', '2dd8', '2df9', '2e03',
      '2e06', '2e12', '2e13', '2e2a', '2f04', '2f06', '2f18', '2f38', '2f58', '3180', '3182', '31a1', '31c0', '31c2',
      '31c3', '31fe', '3200', '3224', '323e', '3340',
    ],
  },
  {
    family: 'Kaby Lake iGPU',
    vendor: '8086',
    source:
      'Linux include/drm/intel/pciids.h (INTEL_KBL_GT2/GT3/GT4_IDS, INTEL_AML_KBL_GT2_IDS)',
    ids: [
      '5912', '5916', '5917', '591a', '591b', '591c', '591d', '591e', '5921', '5923', '5926', '5927', '593b', '87c0',
    ],
  },
  {
    family: 'Coffee Lake iGPU',
    vendor: '8086',
    source:
      'Linux include/drm/intel/pciids.h (INTEL_CFL_S/H/U_GT2, CFL_U_GT3, WHL_U_GT2/GT3, AML_CFL_GT2)',
    ids: [
      '3e91', '3e92', '3e94', '3e96', '3e98', '3e9a', '3e9b', '3ea0', '3ea2', '3ea3', '3ea5', '3ea6', '3ea7', '3ea8',
      '3ea9', '87ca',
    ],
  },
  {
    family: 'Comet Lake iGPU',
    vendor: '8086',
    source:
      'Linux include/drm/intel/pciids.h (INTEL_CML_GT2_IDS, INTEL_CML_U_GT2_IDS)',
    ids: [
      '9b41', '9bc2', '9bc4', '9bc5', '9bc6', '9bc8', '9bca', '9bcc', '9be6', '9bf6',
    ],
  },
  {
    family: 'Intel UHD 610 (GT1)',
    vendor: '8086',
    source:
      'Linux include/drm/intel/pciids.h (INTEL_KBL_GT1, CFL_S/H_GT1, WHL_U_GT1, CML_GT1, CML_U_GT1)',
    ids: [
      '3e90', '3e93', '3e99', '3e9c', '3ea1', '3ea4', '5902', '5906', '5908', '590a', '590b', '590e', '5913', '5915',
      '9b21', '9ba2', '9ba4', '9ba5', '9ba8', '9baa', '9bac',
    ],
  },
  {
    family: 'Intel Xe iGPU',
    vendor: '8086',
    source:
      'Linux include/drm/intel/pciids.h (TGL, RKL, DG1, ADL-S/P/N, RPL-S/U/P, MTL, ARL, LNL)',
    ids: [
      '4626', '4628', '462a', '4680', '4682', '4688', '468a', '468b', '4690', '4692', '4693', '46a0', '46a1', '46a2',
      '46a3', '46a6', '46a8', '46aa', '46b0', '46b1', '46b2', '46b3', '46c0', '46c1', '46c2', '46c3', '46d0', '46d1',
      '46d2', '46d3', '46d4', '4905', '4906', '4907', '4908', '4909', '4c80', '4c8a', '4c8b', '4c8c', '4c90', '4c9a',
      '6420', '64a0', '64b0', '7d40', '7d41', '7d45', '7d51', '7d55', '7d60', '7d67', '7dd1', '7dd5', '9a40', '9a49',
      '9a59', '9a60', '9a68', '9a70', '9a78', '9ac0', '9ac9', '9ad9', '9af8', 'a720', 'a721', 'a780', 'a781', 'a782',
      'a783', 'a788', 'a789', 'a78a', 'a78b', 'a7a0', 'a7a1', 'a7a8', 'a7a9', 'a7aa', 'a7ab', 'a7ac', 'a7ad', 'b640',
    ],
  },
  {
    family: 'Intel Arc',
    vendor: '8086',
    source:
      'Linux include/drm/intel/pciids.h (INTEL_DG2_IDS, Alchemist; INTEL_BMG_G21_IDS, Battlemage)',
    ids: [
      '5690', '5691', '5692', '5693', '5694', '5695', '5696', '5697', '56a0', '56a1', '56a2', '56a3', '56a4', '56a5',
      '56a6', '56b0', '56b1', '56b2', '56b3', '56ba', '56bb', '56bc', '56bd', '56be', '56bf', 'e202', 'e209', 'e20b',
      'e20c', 'e20d',
    ],
  },
];
