// GPU families by PCI device id, kept as data with their sources (issue 5: the family comes from device-id lists,
// not from name matching). Ids are four lowercase hex digits. A GPU whose id is in no list is not placed
// (macosSupport returns null): a vendor id alone never decides a family.
//
// Sources, cited per list:
// - AMD: the Linux kernel's amdgpu pciidlist (drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c); its CHIP_* asic names map
//   to codenames (SIENNA_CICHLID = Navi 21, NAVY_FLOUNDER = Navi 22, DIMGREY_CAVEFISH = Navi 23, BEIGE_GOBY =
//   Navi 24). RDNA3 and newer APUs are bound by IP discovery (a class match), so their ids come from pci.ids.
//   TeraScale (Caicos) is a radeon-driver chip; ids from pci.ids.
// - NVIDIA: pci.ids, whose NVIDIA names start with the chip codename nouveau also uses (GF1xx Fermi, GK1xx/GK2xx
//   Kepler, GM1xx/GM2xx Maxwell, GP1xx Pascal, GV100 Volta, TU1xx Turing, GA1xx Ampere, AD1xx Ada, GB2xx
//   Blackwell); display functions only (no audio, USB or UCSI ids).
// - Intel: the kernel's include/drm/intel/pciids.h macro lists.
// Left out on purpose (null, "cannot place"): AMD Verde/Oland/Hainan, Vega 12, Navi 12 and VEGAM, which no macOS
// chart covers; Intel before Kaby Lake and Ice Lake; server BMC displays (ASPEED, Matrox).

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
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_BONAIRE)',
    ids: [
      '6640', '6641', '6646', '6647', '6649', '6650', '6651', '6658', '665c', '665d', '665f',
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
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_TONGA)',
    ids: [
      '6920', '6921', '6928', '6929', '692b', '692f', '6930', '6938', '6939',
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
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_POLARIS10; Polaris 20 reuses these ids)',
    ids: [
      '67c0', '67c1', '67c2', '67c4', '67c7', '67d0', '67df', '67c8', '67c9', '67ca', '67cc', '67cf', '6fdf',
    ],
  },
  {
    family: 'Polaris 11',
    vendor: '1002',
    source:
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_POLARIS11; Polaris 21 reuses these ids; asic_type_quirks makes 0x67ff at revisions e3/e7/f3/f7 a Polaris 10)',
    ids: [
      '67e0', '67e3', '67e8', '67eb', '67ef', '67ff', '67e1', '67e7', '67e9',
    ],
  },
  {
    family: 'Polaris 12',
    vendor: '1002',
    source:
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_POLARIS12, "Lexa" in pci.ids)',
    ids: [
      '6980', '6981', '6985', '6986', '6987', '6995', '6997', '699f',
    ],
  },
  {
    family: 'Vega 10',
    vendor: '1002',
    source:
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_VEGA10)',
    ids: [
      '6860', '6861', '6862', '6863', '6864', '6867', '6868', '6869', '686a', '686b', '686c', '686d', '686e',
      '686f', '687f',
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
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_NAVY_FLOUNDER)',
    ids: [
      '73c0', '73c1', '73c3', '73da', '73db', '73dc', '73dd', '73de', '73df',
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
      'pci.ids 2023.04.10 (pciutils), AMD/ATI device names (amdgpu binds RDNA3 by IP discovery, a class match, so the kernel lists no ids)',
    ids: [
      '744c',
    ],
  },
  {
    family: 'Navi 32',
    vendor: '1002',
    source:
      'lspci name "Navi 32 [Radeon RX 7700 XT / 7800 XT]" (pci.ids after 2023.04.10), seen in real host dump 11',
    ids: [
      '747e',
    ],
  },
  {
    family: 'Navi 33',
    vendor: '1002',
    source:
      'pci.ids 2023.04.10 (pciutils), AMD/ATI device names',
    ids: [
      '7480', '7483',
    ],
  },
  {
    family: 'Raven (APU)',
    vendor: '1002',
    source:
      'Linux drivers/gpu/drm/amd/amdgpu/amdgpu_drv.c, pciidlist (CHIP_RAVEN|AMD_IS_APU)',
    ids: [
      '15dd', '15d8',
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
      'pci.ids 2023.04.10 (pciutils), AMD/ATI device names',
    ids: [
      '164e',
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
    family: 'Caicos (TeraScale 2)',
    vendor: '1002',
    source:
      'pci.ids 2023.04.10 (pciutils), AMD/ATI device names (a radeon-driver chip, not amdgpu)',
    ids: [
      '6766', '6767', '6768', '6770', '6771', '6772', '6778', '6779', '677b',
    ],
  },
  {
    family: 'Fermi',
    vendor: '10de',
    source:
      'pci.ids 2023.04.10 (pciutils), NVIDIA names that start with the chip codename',
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
      'pci.ids 2023.04.10 (pciutils), NVIDIA names that start with the chip codename',
    ids: [
      '0fc0', '0fc1', '0fc2', '0fc5', '0fc6', '0fc8', '0fc9', '0fcd', '0fce', '0fd1', '0fd2', '0fd3', '0fd4', '0fd5',
      '0fd6', '0fd8', '0fd9', '0fdb', '0fdf', '0fe0', '0fe1', '0fe2', '0fe3', '0fe4', '0fe5', '0fe6', '0fe7', '0fe8',
      '0fe9', '0fea', '0fec', '0fed', '0fee', '0fef', '0ff1', '0ff2', '0ff3', '0ff5', '0ff6', '0ff7', '0ff8', '0ff9',
      '0ffa', '0ffb', '0ffc', '0ffd', '0ffe', '0fff', '1001', '1003', '1004', '1005', '1007', '1008', '100a', '100c',
      '101e', '101f', '1020', '1021', '1022', '1023', '1024', '1026', '1027', '1028', '1029', '102a', '102d', '102e',
      '102f', '103a', '103c', '103f', '1180', '1182', '1183', '1184', '1185', '1186', '1187', '1188', '1189', '118a',
      '118b', '118c', '118d', '118e', '118f', '1191', '1193', '1194', '1195', '1198', '1199', '119a', '119d', '119e',
      '119f', '11a0', '11a1', '11a2', '11a3', '11a7', '11a8', '11a9', '11af', '11b0', '11b1', '11b4', '11b6', '11b7',
      '11b8', '11b9', '11ba', '11bb', '11bc', '11bd', '11be', '11bf', '11c0', '11c2', '11c3', '11c4', '11c5', '11c6',
      '11c7', '11c8', '11cb', '11e0', '11e1', '11e2', '11e3', '11e7', '11fa', '11fc', '1280', '1281', '1282', '1284',
      '1286', '1287', '1288', '1289', '128a', '128b', '128c', '1290', '1291', '1292', '1293', '1294', '1295', '1296',
      '1298', '1299', '129a', '12a0', '12b9', '12ba',
    ],
  },
  {
    family: 'Maxwell',
    vendor: '10de',
    source:
      'pci.ids 2023.04.10 (pciutils), NVIDIA names that start with the chip codename',
    ids: [
      '1340', '1341', '1344', '1346', '1347', '1348', '1349', '134b', '134d', '134e', '134f', '137a', '137b', '137d',
      '1380', '1381', '1382', '1389', '1390', '1391', '1392', '1393', '1398', '1399', '139a', '139b', '139c', '139d',
      '13b0', '13b1', '13b2', '13b3', '13b4', '13b6', '13b9', '13ba', '13bb', '13bc', '13bd', '13c0', '13c1', '13c2',
      '13c3', '13d7', '13d8', '13d9', '13da', '13e7', '13f0', '13f1', '13f2', '13f3', '13f8', '13f9', '13fa', '13fb',
      '1401', '1402', '1404', '1406', '1407', '1427', '1430', '1431', '1436', '1617', '1618', '1619', '161a', '1667',
      '174d', '174e', '1789', '179c', '17c2', '17c8', '17f0', '17f1', '17fd',
    ],
  },
  {
    family: 'Pascal',
    vendor: '10de',
    source:
      'pci.ids 2023.04.10 (pciutils), NVIDIA names that start with the chip codename',
    ids: [
      '15f0', '15f1', '15f7', '15f8', '15f9', '1725', '172e', '172f', '1b00', '1b01', '1b02', '1b04', '1b06', '1b07',
      '1b30', '1b38', '1b39', '1b70', '1b78', '1b80', '1b81', '1b82', '1b83', '1b84', '1b87', '1ba0', '1ba1', '1ba2',
      '1ba9', '1baa', '1bad', '1bb0', '1bb1', '1bb3', '1bb4', '1bb5', '1bb6', '1bb7', '1bb8', '1bb9', '1bbb', '1bc7',
      '1be0', '1be1', '1c00', '1c01', '1c02', '1c03', '1c04', '1c06', '1c07', '1c09', '1c20', '1c21', '1c22', '1c23',
      '1c2d', '1c30', '1c31', '1c35', '1c36', '1c60', '1c61', '1c62', '1c70', '1c81', '1c82', '1c83', '1c8c', '1c8d',
      '1c8e', '1c8f', '1c90', '1c91', '1c92', '1c94', '1c96', '1ca7', '1ca8', '1caa', '1cb1', '1cb2', '1cb3', '1cb6',
      '1cba', '1cbb', '1cbc', '1cbd', '1ccc', '1ccd', '1cfa', '1cfb', '1d01', '1d02', '1d10', '1d11', '1d12', '1d13',
      '1d16', '1d33', '1d34', '1d52', '1d56',
    ],
  },
  {
    family: 'Volta',
    vendor: '10de',
    source:
      'pci.ids 2023.04.10 (pciutils), NVIDIA names that start with the chip codename',
    ids: [
      '1d81', '1db1', '1db2', '1db3', '1db4', '1db5', '1db6', '1db7', '1db8', '1dba', '1dbe', '1df0', '1df2', '1df5',
      '1df6',
    ],
  },
  {
    family: 'Turing',
    vendor: '10de',
    source:
      'pci.ids 2023.04.10 (pciutils), NVIDIA names that start with the chip codename',
    ids: [
      '1e02', '1e03', '1e04', '1e07', '1e09', '1e2d', '1e2e', '1e30', '1e36', '1e37', '1e38', '1e3c', '1e3d', '1e3e',
      '1e78', '1e81', '1e82', '1e84', '1e87', '1e89', '1e90', '1e91', '1e93', '1eab', '1eae', '1eb0', '1eb1', '1eb4',
      '1eb5', '1eb6', '1eb8', '1eb9', '1eba', '1ebe', '1ec2', '1ec7', '1ed0', '1ed1', '1ed3', '1ef5', '1f02', '1f03',
      '1f04', '1f06', '1f07', '1f08', '1f09', '1f0a', '1f0b', '1f10', '1f11', '1f12', '1f14', '1f15', '1f2e', '1f36',
      '1f42', '1f47', '1f50', '1f51', '1f54', '1f55', '1f76', '1f81', '1f82', '1f83', '1f91', '1f92', '1f94', '1f95',
      '1f96', '1f97', '1f98', '1f99', '1f9c', '1f9d', '1f9f', '1fa0', '1fa1', '1fae', '1fb0', '1fb1', '1fb2', '1fb6',
      '1fb7', '1fb8', '1fb9', '1fba', '1fbb', '1fbc', '1fbf', '1fd9', '1fdd', '1ff0', '1ff2', '1ff9', '2182', '2183',
      '2184', '2187', '2188', '2189', '2191', '2192', '21ae', '21bf', '21c2', '21c4', '21d1',
    ],
  },
  {
    family: 'Ampere',
    vendor: '10de',
    source:
      'pci.ids 2023.04.10 (pciutils), NVIDIA names that start with the chip codename',
    ids: [
      '1af1', '2082', '20b0', '20b1', '20b2', '20b3', '20b5', '20b6', '20b7', '20b8', '20b9', '20bb', '20be', '20bf',
      '20c2', '20f0', '20f1', '20f2', '20f3', '20f5', '20f6', '20fd', '2200', '2203', '2204', '2205', '2206', '2207',
      '2208', '220a', '220d', '2216', '222b', '222f', '2230', '2231', '2232', '2233', '2235', '2236', '2237', '2238',
      '223f', '2414', '2420', '2438', '2460', '2482', '2483', '2484', '2486', '2487', '2488', '2489', '248a', '249c',
      '249d', '249f', '24a0', '24a4', '24ac', '24ad', '24af', '24b0', '24b1', '24b6', '24b7', '24b8', '24b9', '24ba',
      '24bb', '24bf', '24c7', '24c8', '24c9', '24dc', '24dd', '24df', '24e0', '24fa', '2501', '2503', '2504', '2505',
      '2507', '2508', '2509', '2520', '2521', '2523', '252f', '2531', '2544', '2560', '2561', '2563', '2571', '2582',
      '2583', '25a0', '25a2', '25a3', '25a4', '25a5', '25a6', '25a7', '25a9', '25aa', '25ab', '25ad', '25af', '25b5',
      '25b6', '25b8', '25b9', '25ba', '25bb', '25bc', '25bd', '25e0', '25e2', '25e5', '25ed', '25f9', '25fa', '25fb',
    ],
  },
  {
    family: 'Ada Lovelace',
    vendor: '10de',
    source:
      'pci.ids 2023.04.10 (pciutils), NVIDIA names that start with the chip codename (plus 2882 AD107 [GeForce RTX 4060] from later pci.ids)',
    ids: [
      '2681', '2684', '26b1', '26b5', '26b8', '26f5', '2704', '2730', '2782', '2785', '2786', '27a0', '27b0', '27b7',
      '27b8', '27ba', '27bb', '27e0', '2803', '2820', '2838', '2860', '28a0', '28a1', '28b8', '28e0', '28e1',
      '2882',
    ],
  },
  {
    family: 'Blackwell',
    vendor: '10de',
    source:
      'pci.ids 2025: GB202 2b85/2b87/2b8c (RTX 5090, 5090 D), GB203 2c02/2c05 (5080, 5070 Ti), GB205 2f04 (5070), GB206 2d04/2d05 (5060 Ti, 5060)',
    ids: [
      '2b85', '2b87', '2b8c', '2c02', '2c05', '2f04', '2d04', '2d05',
    ],
  },
  {
    family: 'Kaby Lake iGPU',
    vendor: '8086',
    source:
      'Linux include/drm/intel/pciids.h (INTEL_KBL_GT2/GT3/GT4_IDS, INTEL_AML_KBL_GT2_IDS)',
    ids: [
      '5916', '5921', '591e', '5912', '5917', '591a', '591b', '591d', '5926', '5923', '5927', '593b', '591c',
      '87c0',
    ],
  },
  {
    family: 'Coffee Lake iGPU',
    vendor: '8086',
    source:
      'Linux include/drm/intel/pciids.h (INTEL_CFL_S/H/U_GT2, CFL_U_GT3, WHL_U_GT2/GT3, AML_CFL_GT2)',
    ids: [
      '3e91', '3e92', '3e96', '3e98', '3e9a', '3e94', '3e9b', '3ea9', '3ea5', '3ea6', '3ea7', '3ea8', '3ea0',
      '3ea3', '3ea2', '87ca',
    ],
  },
  {
    family: 'Comet Lake iGPU',
    vendor: '8086',
    source:
      'Linux include/drm/intel/pciids.h (INTEL_CML_GT2_IDS, INTEL_CML_U_GT2_IDS)',
    ids: [
      '9bc2', '9bc4', '9bc5', '9bc6', '9bc8', '9be6', '9bf6', '9b41', '9bca', '9bcc',
    ],
  },
  {
    family: 'Intel UHD 610 (GT1)',
    vendor: '8086',
    source:
      'Linux include/drm/intel/pciids.h (INTEL_KBL_GT1, CFL_S/H_GT1, WHL_U_GT1, CML_GT1, CML_U_GT1)',
    ids: [
      '5906', '5913', '590e', '5915', '5902', '5908', '590a', '590b', '3e90', '3e93', '3e99', '3e9c', '3ea1',
      '3ea4', '9ba2', '9ba4', '9ba5', '9ba8', '9b21', '9baa', '9bac',
    ],
  },
  {
    family: 'Intel Xe iGPU',
    vendor: '8086',
    source:
      'Linux include/drm/intel/pciids.h (TGL, RKL, DG1, ADL-S/P/N, RPL-S/U/P, MTL, ARL, LNL)',
    ids: [
      '9a60', '9a68', '9a70', '9a40', '9a49', '9a59', '9a78', '9ac0', '9ac9', '9ad9', '9af8', '4c80', '4c8a',
      '4c8b', '4c8c', '4c90', '4c9a', '4905', '4906', '4907', '4908', '4909', '4680', '4682', '4688', '468a',
      '468b', '4690', '4692', '4693', '46a0', '46a1', '46a2', '46a3', '46a6', '46a8', '46aa', '462a', '4626',
      '4628', '46b0', '46b1', '46b2', '46b3', '46c0', '46c1', '46c2', '46c3', '46d0', '46d1', '46d2', '46d3',
      '46d4', 'a780', 'a781', 'a782', 'a783', 'a788', 'a789', 'a78a', 'a78b', 'a721', 'a7a1', 'a7a9', 'a7ac',
      'a7ad', 'a720', 'a7a0', 'a7a8', 'a7aa', 'a7ab', '7d40', '7d45', '7d55', '7d60', '7dd5', '7d51', '7dd1',
      '7d41', '7d67', 'b640', '6420', '64a0', '64b0',
    ],
  },
  {
    family: 'Intel Arc',
    vendor: '8086',
    source:
      'Linux include/drm/intel/pciids.h (INTEL_DG2_IDS, Alchemist; INTEL_BMG_G21_IDS, Battlemage)',
    ids: [
      '56a0', '56a1', '56a2', '56be', '56bf', '5690', '5691', '5692', '56a5', '56a6', '56b0', '56b1', '56ba',
      '56bb', '56bc', '56bd', '5693', '5694', '5695', '56a3', '56a4', '56b2', '56b3', '5696', '5697', 'e202',
      'e209', 'e20b', 'e20c', 'e20d',
    ],
  },
];
