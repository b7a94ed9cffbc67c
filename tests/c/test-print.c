/* gt_tensor_to_string must equal torch's repr() character for character
 * (PyTorch 1.13). The expected strings below were printed by torch once,
 * from the Python expression in the comment above each. */

#include "gt-test-utils.h"

/* torch.tensor(3.5) */
static const char expected_scalar_float[] =
  "tensor(3.5000)";

/* torch.tensor(7) */
static const char expected_scalar_int[] =
  "tensor(7)";

/* torch.tensor(True) */
static const char expected_scalar_bool[] =
  "tensor(True)";

/* torch.tensor(-1e-5) */
static const char expected_scalar_neg_sci[] =
  "tensor(-1.0000e-05)";

/* torch.tensor(2., dtype=torch.float64) */
static const char expected_scalar_f64[] =
  "tensor(2., dtype=torch.float64)";

/* torch.tensor([1.5, -2.25, 3.0]) */
static const char expected_one_d[] =
  "tensor([ 1.5000, -2.2500,  3.0000])";

/* torch.arange(6.).reshape(2,3) */
static const char expected_two_d[] =
  "tensor([[0., 1., 2.],\n"
  "        [3., 4., 5.]])";

/* torch.arange(24.).reshape(2,3,4) */
static const char expected_three_d[] =
  "tensor([[[ 0.,  1.,  2.,  3.],\n"
  "         [ 4.,  5.,  6.,  7.],\n"
  "         [ 8.,  9., 10., 11.]],\n"
  "\n"
  "        [[12., 13., 14., 15.],\n"
  "         [16., 17., 18., 19.],\n"
  "         [20., 21., 22., 23.]]])";

/* torch.arange(8.).reshape(2,1,2,2) */
static const char expected_four_d[] =
  "tensor([[[[0., 1.],\n"
  "          [2., 3.]]],\n"
  "\n"
  "\n"
  "        [[[4., 5.],\n"
  "          [6., 7.]]]])";

/* torch.tensor([1, -20, 300]) */
static const char expected_int64[] =
  "tensor([  1, -20, 300])";

/* torch.tensor([[1, -20], [300, 4]]) */
static const char expected_int64_2d[] =
  "tensor([[  1, -20],\n"
  "        [300,   4]])";

/* torch.tensor([123456789012, -5]) */
static const char expected_int64_big[] =
  "tensor([123456789012,           -5])";

/* torch.tensor([True, False, True]) */
static const char expected_bool_1d[] =
  "tensor([ True, False,  True])";

/* torch.tensor([[True, False], [False, True]]) */
static const char expected_bool_2d[] =
  "tensor([[ True, False],\n"
  "        [False,  True]])";

/* torch.tensor([1.5, 2.5], dtype=torch.float64) */
static const char expected_float64[] =
  "tensor([1.5000, 2.5000], dtype=torch.float64)";

/* torch.tensor([1, 2, 3], dtype=torch.int32) */
static const char expected_int32[] =
  "tensor([1, 2, 3], dtype=torch.int32)";

/* torch.tensor([-1, 2], dtype=torch.int8) */
static const char expected_int8[] =
  "tensor([-1,  2], dtype=torch.int8)";

/* torch.tensor([255, 0], dtype=torch.uint8) */
static const char expected_uint8[] =
  "tensor([255,   0], dtype=torch.uint8)";

/* torch.tensor([300], dtype=torch.int16) */
static const char expected_int16[] =
  "tensor([300], dtype=torch.int16)";

/* torch.tensor([0.1, 2.0], dtype=torch.float16) */
static const char expected_float16[] =
  "tensor([0.1000, 2.0000], dtype=torch.float16)";

/* torch.tensor([0.1, 2.0], dtype=torch.bfloat16) */
static const char expected_bfloat16[] =
  "tensor([0.1001, 2.0000], dtype=torch.bfloat16)";

/* torch.empty(0) */
static const char expected_empty_1d[] =
  "tensor([])";

/* torch.empty(2, 0) */
static const char expected_empty_2d[] =
  "tensor([], size=(2, 0))";

/* torch.empty(0, 3, 1) */
static const char expected_empty_3d[] =
  "tensor([], size=(0, 3, 1))";

/* torch.empty(0, dtype=torch.int64) */
static const char expected_empty_int64[] =
  "tensor([], dtype=torch.int64)";

/* torch.empty(0, 3, dtype=torch.int32) */
static const char expected_empty_int32_2d[] =
  "tensor([], size=(0, 3), dtype=torch.int32)";

/* torch.empty(0, dtype=torch.bool) */
static const char expected_empty_bool[] =
  "tensor([], dtype=torch.bool)";

/* torch.empty(4, 0, dtype=torch.float64) */
static const char expected_empty_float64_2d[] =
  "tensor([], size=(4, 0), dtype=torch.float64)";

/* torch.tensor([1., 2., 3.]) */
static const char expected_int_floats[] =
  "tensor([1., 2., 3.])";

/* torch.tensor([-0.0, 1.0]) */
static const char expected_neg_zero[] =
  "tensor([-0., 1.])";

/* torch.zeros(2, 2) */
static const char expected_zeros[] =
  "tensor([[0., 0.],\n"
  "        [0., 0.]])";

/* torch.tensor([1e-5, 1.0]) */
static const char expected_sci_small[] =
  "tensor([1.0000e-05, 1.0000e+00])";

/* torch.tensor([1e-5]) */
static const char expected_sci_small_only[] =
  "tensor([1.0000e-05])";

/* torch.tensor([1e9, 1.0]) */
static const char expected_sci_big[] =
  "tensor([1.0000e+09, 1.0000e+00])";

/* torch.tensor([123456789.]) */
static const char expected_sci_big_int[] =
  "tensor([1.2346e+08])";

/* torch.tensor([0.5, 1000.5]) */
static const char expected_sci_ratio[] =
  "tensor([5.0000e-01, 1.0005e+03])";

/* torch.tensor([-1e-5, 2.5e10, 3.0]) */
static const char expected_sci_neg[] =
  "tensor([-1.0000e-05,  2.5000e+10,  3.0000e+00])";

/* torch.tensor([-0.5, 10.25]) */
static const char expected_fixed_neg[] =
  "tensor([-0.5000, 10.2500])";

/* torch.tensor([nan, inf, -inf, 1.5]) */
static const char expected_nan_inf[] =
  "tensor([   nan,    inf,   -inf, 1.5000])";

/* torch.tensor([nan, 1.0, -inf]) */
static const char expected_nan_int[] =
  "tensor([nan, 1., -inf])";

/* torch.tensor([nan, nan]) */
static const char expected_only_nan[] =
  "tensor([nan, nan])";

/* torch.tensor([inf, -inf]) */
static const char expected_only_inf[] =
  "tensor([inf, -inf])";

/* torch.tensor([nan, 1e-7, 1.0]) */
static const char expected_nan_sci[] =
  "tensor([       nan, 1.0000e-07, 1.0000e+00])";

/* torch.arange(1001.) */
static const char expected_big_1d[] =
  "tensor([   0.,    1.,    2.,  ...,  998.,  999., 1000.])";

/* torch.arange(1000) */
static const char expected_exactly_1000[] =
  "tensor([  0,   1,   2,   3,   4,   5,   6,   7,   8,   9,  10,  11,  12,  13,\n"
  "         14,  15,  16,  17,  18,  19,  20,  21,  22,  23,  24,  25,  26,  27,\n"
  "         28,  29,  30,  31,  32,  33,  34,  35,  36,  37,  38,  39,  40,  41,\n"
  "         42,  43,  44,  45,  46,  47,  48,  49,  50,  51,  52,  53,  54,  55,\n"
  "         56,  57,  58,  59,  60,  61,  62,  63,  64,  65,  66,  67,  68,  69,\n"
  "         70,  71,  72,  73,  74,  75,  76,  77,  78,  79,  80,  81,  82,  83,\n"
  "         84,  85,  86,  87,  88,  89,  90,  91,  92,  93,  94,  95,  96,  97,\n"
  "         98,  99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,\n"
  "        112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125,\n"
  "        126, 127, 128, 129, 130, 131, 132, 133, 134, 135, 136, 137, 138, 139,\n"
  "        140, 141, 142, 143, 144, 145, 146, 147, 148, 149, 150, 151, 152, 153,\n"
  "        154, 155, 156, 157, 158, 159, 160, 161, 162, 163, 164, 165, 166, 167,\n"
  "        168, 169, 170, 171, 172, 173, 174, 175, 176, 177, 178, 179, 180, 181,\n"
  "        182, 183, 184, 185, 186, 187, 188, 189, 190, 191, 192, 193, 194, 195,\n"
  "        196, 197, 198, 199, 200, 201, 202, 203, 204, 205, 206, 207, 208, 209,\n"
  "        210, 211, 212, 213, 214, 215, 216, 217, 218, 219, 220, 221, 222, 223,\n"
  "        224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237,\n"
  "        238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251,\n"
  "        252, 253, 254, 255, 256, 257, 258, 259, 260, 261, 262, 263, 264, 265,\n"
  "        266, 267, 268, 269, 270, 271, 272, 273, 274, 275, 276, 277, 278, 279,\n"
  "        280, 281, 282, 283, 284, 285, 286, 287, 288, 289, 290, 291, 292, 293,\n"
  "        294, 295, 296, 297, 298, 299, 300, 301, 302, 303, 304, 305, 306, 307,\n"
  "        308, 309, 310, 311, 312, 313, 314, 315, 316, 317, 318, 319, 320, 321,\n"
  "        322, 323, 324, 325, 326, 327, 328, 329, 330, 331, 332, 333, 334, 335,\n"
  "        336, 337, 338, 339, 340, 341, 342, 343, 344, 345, 346, 347, 348, 349,\n"
  "        350, 351, 352, 353, 354, 355, 356, 357, 358, 359, 360, 361, 362, 363,\n"
  "        364, 365, 366, 367, 368, 369, 370, 371, 372, 373, 374, 375, 376, 377,\n"
  "        378, 379, 380, 381, 382, 383, 384, 385, 386, 387, 388, 389, 390, 391,\n"
  "        392, 393, 394, 395, 396, 397, 398, 399, 400, 401, 402, 403, 404, 405,\n"
  "        406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 419,\n"
  "        420, 421, 422, 423, 424, 425, 426, 427, 428, 429, 430, 431, 432, 433,\n"
  "        434, 435, 436, 437, 438, 439, 440, 441, 442, 443, 444, 445, 446, 447,\n"
  "        448, 449, 450, 451, 452, 453, 454, 455, 456, 457, 458, 459, 460, 461,\n"
  "        462, 463, 464, 465, 466, 467, 468, 469, 470, 471, 472, 473, 474, 475,\n"
  "        476, 477, 478, 479, 480, 481, 482, 483, 484, 485, 486, 487, 488, 489,\n"
  "        490, 491, 492, 493, 494, 495, 496, 497, 498, 499, 500, 501, 502, 503,\n"
  "        504, 505, 506, 507, 508, 509, 510, 511, 512, 513, 514, 515, 516, 517,\n"
  "        518, 519, 520, 521, 522, 523, 524, 525, 526, 527, 528, 529, 530, 531,\n"
  "        532, 533, 534, 535, 536, 537, 538, 539, 540, 541, 542, 543, 544, 545,\n"
  "        546, 547, 548, 549, 550, 551, 552, 553, 554, 555, 556, 557, 558, 559,\n"
  "        560, 561, 562, 563, 564, 565, 566, 567, 568, 569, 570, 571, 572, 573,\n"
  "        574, 575, 576, 577, 578, 579, 580, 581, 582, 583, 584, 585, 586, 587,\n"
  "        588, 589, 590, 591, 592, 593, 594, 595, 596, 597, 598, 599, 600, 601,\n"
  "        602, 603, 604, 605, 606, 607, 608, 609, 610, 611, 612, 613, 614, 615,\n"
  "        616, 617, 618, 619, 620, 621, 622, 623, 624, 625, 626, 627, 628, 629,\n"
  "        630, 631, 632, 633, 634, 635, 636, 637, 638, 639, 640, 641, 642, 643,\n"
  "        644, 645, 646, 647, 648, 649, 650, 651, 652, 653, 654, 655, 656, 657,\n"
  "        658, 659, 660, 661, 662, 663, 664, 665, 666, 667, 668, 669, 670, 671,\n"
  "        672, 673, 674, 675, 676, 677, 678, 679, 680, 681, 682, 683, 684, 685,\n"
  "        686, 687, 688, 689, 690, 691, 692, 693, 694, 695, 696, 697, 698, 699,\n"
  "        700, 701, 702, 703, 704, 705, 706, 707, 708, 709, 710, 711, 712, 713,\n"
  "        714, 715, 716, 717, 718, 719, 720, 721, 722, 723, 724, 725, 726, 727,\n"
  "        728, 729, 730, 731, 732, 733, 734, 735, 736, 737, 738, 739, 740, 741,\n"
  "        742, 743, 744, 745, 746, 747, 748, 749, 750, 751, 752, 753, 754, 755,\n"
  "        756, 757, 758, 759, 760, 761, 762, 763, 764, 765, 766, 767, 768, 769,\n"
  "        770, 771, 772, 773, 774, 775, 776, 777, 778, 779, 780, 781, 782, 783,\n"
  "        784, 785, 786, 787, 788, 789, 790, 791, 792, 793, 794, 795, 796, 797,\n"
  "        798, 799, 800, 801, 802, 803, 804, 805, 806, 807, 808, 809, 810, 811,\n"
  "        812, 813, 814, 815, 816, 817, 818, 819, 820, 821, 822, 823, 824, 825,\n"
  "        826, 827, 828, 829, 830, 831, 832, 833, 834, 835, 836, 837, 838, 839,\n"
  "        840, 841, 842, 843, 844, 845, 846, 847, 848, 849, 850, 851, 852, 853,\n"
  "        854, 855, 856, 857, 858, 859, 860, 861, 862, 863, 864, 865, 866, 867,\n"
  "        868, 869, 870, 871, 872, 873, 874, 875, 876, 877, 878, 879, 880, 881,\n"
  "        882, 883, 884, 885, 886, 887, 888, 889, 890, 891, 892, 893, 894, 895,\n"
  "        896, 897, 898, 899, 900, 901, 902, 903, 904, 905, 906, 907, 908, 909,\n"
  "        910, 911, 912, 913, 914, 915, 916, 917, 918, 919, 920, 921, 922, 923,\n"
  "        924, 925, 926, 927, 928, 929, 930, 931, 932, 933, 934, 935, 936, 937,\n"
  "        938, 939, 940, 941, 942, 943, 944, 945, 946, 947, 948, 949, 950, 951,\n"
  "        952, 953, 954, 955, 956, 957, 958, 959, 960, 961, 962, 963, 964, 965,\n"
  "        966, 967, 968, 969, 970, 971, 972, 973, 974, 975, 976, 977, 978, 979,\n"
  "        980, 981, 982, 983, 984, 985, 986, 987, 988, 989, 990, 991, 992, 993,\n"
  "        994, 995, 996, 997, 998, 999])";

/* torch.arange(2000).reshape(40, 50) */
static const char expected_big_2d_int[] =
  "tensor([[   0,    1,    2,  ...,   47,   48,   49],\n"
  "        [  50,   51,   52,  ...,   97,   98,   99],\n"
  "        [ 100,  101,  102,  ...,  147,  148,  149],\n"
  "        ...,\n"
  "        [1850, 1851, 1852,  ..., 1897, 1898, 1899],\n"
  "        [1900, 1901, 1902,  ..., 1947, 1948, 1949],\n"
  "        [1950, 1951, 1952,  ..., 1997, 1998, 1999]])";

/* torch.arange(1331.).reshape(11, 11, 11) */
static const char expected_big_3d[] =
  "tensor([[[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 8.0000e+00,\n"
  "          9.0000e+00, 1.0000e+01],\n"
  "         [1.1000e+01, 1.2000e+01, 1.3000e+01,  ..., 1.9000e+01,\n"
  "          2.0000e+01, 2.1000e+01],\n"
  "         [2.2000e+01, 2.3000e+01, 2.4000e+01,  ..., 3.0000e+01,\n"
  "          3.1000e+01, 3.2000e+01],\n"
  "         ...,\n"
  "         [8.8000e+01, 8.9000e+01, 9.0000e+01,  ..., 9.6000e+01,\n"
  "          9.7000e+01, 9.8000e+01],\n"
  "         [9.9000e+01, 1.0000e+02, 1.0100e+02,  ..., 1.0700e+02,\n"
  "          1.0800e+02, 1.0900e+02],\n"
  "         [1.1000e+02, 1.1100e+02, 1.1200e+02,  ..., 1.1800e+02,\n"
  "          1.1900e+02, 1.2000e+02]],\n"
  "\n"
  "        [[1.2100e+02, 1.2200e+02, 1.2300e+02,  ..., 1.2900e+02,\n"
  "          1.3000e+02, 1.3100e+02],\n"
  "         [1.3200e+02, 1.3300e+02, 1.3400e+02,  ..., 1.4000e+02,\n"
  "          1.4100e+02, 1.4200e+02],\n"
  "         [1.4300e+02, 1.4400e+02, 1.4500e+02,  ..., 1.5100e+02,\n"
  "          1.5200e+02, 1.5300e+02],\n"
  "         ...,\n"
  "         [2.0900e+02, 2.1000e+02, 2.1100e+02,  ..., 2.1700e+02,\n"
  "          2.1800e+02, 2.1900e+02],\n"
  "         [2.2000e+02, 2.2100e+02, 2.2200e+02,  ..., 2.2800e+02,\n"
  "          2.2900e+02, 2.3000e+02],\n"
  "         [2.3100e+02, 2.3200e+02, 2.3300e+02,  ..., 2.3900e+02,\n"
  "          2.4000e+02, 2.4100e+02]],\n"
  "\n"
  "        [[2.4200e+02, 2.4300e+02, 2.4400e+02,  ..., 2.5000e+02,\n"
  "          2.5100e+02, 2.5200e+02],\n"
  "         [2.5300e+02, 2.5400e+02, 2.5500e+02,  ..., 2.6100e+02,\n"
  "          2.6200e+02, 2.6300e+02],\n"
  "         [2.6400e+02, 2.6500e+02, 2.6600e+02,  ..., 2.7200e+02,\n"
  "          2.7300e+02, 2.7400e+02],\n"
  "         ...,\n"
  "         [3.3000e+02, 3.3100e+02, 3.3200e+02,  ..., 3.3800e+02,\n"
  "          3.3900e+02, 3.4000e+02],\n"
  "         [3.4100e+02, 3.4200e+02, 3.4300e+02,  ..., 3.4900e+02,\n"
  "          3.5000e+02, 3.5100e+02],\n"
  "         [3.5200e+02, 3.5300e+02, 3.5400e+02,  ..., 3.6000e+02,\n"
  "          3.6100e+02, 3.6200e+02]],\n"
  "\n"
  "        ...,\n"
  "\n"
  "        [[9.6800e+02, 9.6900e+02, 9.7000e+02,  ..., 9.7600e+02,\n"
  "          9.7700e+02, 9.7800e+02],\n"
  "         [9.7900e+02, 9.8000e+02, 9.8100e+02,  ..., 9.8700e+02,\n"
  "          9.8800e+02, 9.8900e+02],\n"
  "         [9.9000e+02, 9.9100e+02, 9.9200e+02,  ..., 9.9800e+02,\n"
  "          9.9900e+02, 1.0000e+03],\n"
  "         ...,\n"
  "         [1.0560e+03, 1.0570e+03, 1.0580e+03,  ..., 1.0640e+03,\n"
  "          1.0650e+03, 1.0660e+03],\n"
  "         [1.0670e+03, 1.0680e+03, 1.0690e+03,  ..., 1.0750e+03,\n"
  "          1.0760e+03, 1.0770e+03],\n"
  "         [1.0780e+03, 1.0790e+03, 1.0800e+03,  ..., 1.0860e+03,\n"
  "          1.0870e+03, 1.0880e+03]],\n"
  "\n"
  "        [[1.0890e+03, 1.0900e+03, 1.0910e+03,  ..., 1.0970e+03,\n"
  "          1.0980e+03, 1.0990e+03],\n"
  "         [1.1000e+03, 1.1010e+03, 1.1020e+03,  ..., 1.1080e+03,\n"
  "          1.1090e+03, 1.1100e+03],\n"
  "         [1.1110e+03, 1.1120e+03, 1.1130e+03,  ..., 1.1190e+03,\n"
  "          1.1200e+03, 1.1210e+03],\n"
  "         ...,\n"
  "         [1.1770e+03, 1.1780e+03, 1.1790e+03,  ..., 1.1850e+03,\n"
  "          1.1860e+03, 1.1870e+03],\n"
  "         [1.1880e+03, 1.1890e+03, 1.1900e+03,  ..., 1.1960e+03,\n"
  "          1.1970e+03, 1.1980e+03],\n"
  "         [1.1990e+03, 1.2000e+03, 1.2010e+03,  ..., 1.2070e+03,\n"
  "          1.2080e+03, 1.2090e+03]],\n"
  "\n"
  "        [[1.2100e+03, 1.2110e+03, 1.2120e+03,  ..., 1.2180e+03,\n"
  "          1.2190e+03, 1.2200e+03],\n"
  "         [1.2210e+03, 1.2220e+03, 1.2230e+03,  ..., 1.2290e+03,\n"
  "          1.2300e+03, 1.2310e+03],\n"
  "         [1.2320e+03, 1.2330e+03, 1.2340e+03,  ..., 1.2400e+03,\n"
  "          1.2410e+03, 1.2420e+03],\n"
  "         ...,\n"
  "         [1.2980e+03, 1.2990e+03, 1.3000e+03,  ..., 1.3060e+03,\n"
  "          1.3070e+03, 1.3080e+03],\n"
  "         [1.3090e+03, 1.3100e+03, 1.3110e+03,  ..., 1.3170e+03,\n"
  "          1.3180e+03, 1.3190e+03],\n"
  "         [1.3200e+03, 1.3210e+03, 1.3220e+03,  ..., 1.3280e+03,\n"
  "          1.3290e+03, 1.3300e+03]]])";

/* torch.arange(1100.).reshape(11, 100) / 7 */
static const char expected_big_rows[] =
  "tensor([[0.0000e+00, 1.4286e-01, 2.8571e-01,  ..., 1.3857e+01, 1.4000e+01,\n"
  "         1.4143e+01],\n"
  "        [1.4286e+01, 1.4429e+01, 1.4571e+01,  ..., 2.8143e+01, 2.8286e+01,\n"
  "         2.8429e+01],\n"
  "        [2.8571e+01, 2.8714e+01, 2.8857e+01,  ..., 4.2429e+01, 4.2571e+01,\n"
  "         4.2714e+01],\n"
  "        ...,\n"
  "        [1.1429e+02, 1.1443e+02, 1.1457e+02,  ..., 1.2814e+02, 1.2829e+02,\n"
  "         1.2843e+02],\n"
  "        [1.2857e+02, 1.2871e+02, 1.2886e+02,  ..., 1.4243e+02, 1.4257e+02,\n"
  "         1.4271e+02],\n"
  "        [1.4286e+02, 1.4300e+02, 1.4314e+02,  ..., 1.5671e+02, 1.5686e+02,\n"
  "         1.5700e+02]])";

/* with1e10() */
static const char expected_big_hidden_outlier[] =
  "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n"
  "        1.9990e+03])";

/* torch.arange(30.) */
static const char expected_long_row[] =
  "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n"
  "        14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25., 26., 27.,\n"
  "        28., 29.])";

/* torch.arange(20.) / 3 */
static const char expected_long_row_frac[] =
  "tensor([0.0000, 0.3333, 0.6667, 1.0000, 1.3333, 1.6667, 2.0000, 2.3333, 2.6667,\n"
  "        3.0000, 3.3333, 3.6667, 4.0000, 4.3333, 4.6667, 5.0000, 5.3333, 5.6667,\n"
  "        6.0000, 6.3333])";

/* torch.arange(40.).reshape(2, 20) * 1.5 */
static const char expected_long_row_2d[] =
  "tensor([[ 0.0000,  1.5000,  3.0000,  4.5000,  6.0000,  7.5000,  9.0000, 10.5000,\n"
  "         12.0000, 13.5000, 15.0000, 16.5000, 18.0000, 19.5000, 21.0000, 22.5000,\n"
  "         24.0000, 25.5000, 27.0000, 28.5000],\n"
  "        [30.0000, 31.5000, 33.0000, 34.5000, 36.0000, 37.5000, 39.0000, 40.5000,\n"
  "         42.0000, 43.5000, 45.0000, 46.5000, 48.0000, 49.5000, 51.0000, 52.5000,\n"
  "         54.0000, 55.5000, 57.0000, 58.5000]])";

/* torch.arange(40) * 1000 */
static const char expected_long_int[] =
  "tensor([    0,  1000,  2000,  3000,  4000,  5000,  6000,  7000,  8000,  9000,\n"
  "        10000, 11000, 12000, 13000, 14000, 15000, 16000, 17000, 18000, 19000,\n"
  "        20000, 21000, 22000, 23000, 24000, 25000, 26000, 27000, 28000, 29000,\n"
  "        30000, 31000, 32000, 33000, 34000, 35000, 36000, 37000, 38000, 39000])";

/* torch.arange(30) % 3 == 0 */
static const char expected_long_bool[] =
  "tensor([ True, False, False,  True, False, False,  True, False, False,  True,\n"
  "        False, False,  True, False, False,  True, False, False,  True, False,\n"
  "        False,  True, False, False,  True, False, False,  True, False, False])";

/* torch.tensor([1., 2.], requires_grad=True) */
static const char expected_grad[] =
  "tensor([1., 2.], requires_grad=True)";

/* torch.tensor(2.5, requires_grad=True) */
static const char expected_grad_scalar[] =
  "tensor(2.5000, requires_grad=True)";

/* (torch.arange(16., dtype=torch.float64) / 3).requires_grad_() */
static const char expected_grad_f64_long[] =
  "tensor([0.0000, 0.3333, 0.6667, 1.0000, 1.3333, 1.6667, 2.0000, 2.3333, 2.6667,\n"
  "        3.0000, 3.3333, 3.6667, 4.0000, 4.3333, 4.6667, 5.0000],\n"
  "       dtype=torch.float64, requires_grad=True)";

/* torch.empty(0, 2).requires_grad_() */
static const char expected_grad_empty[] =
  "tensor([], size=(0, 2), requires_grad=True)";

/* grad2d() */
static const char expected_grad_2d[] =
  "tensor([[ 0.0000,  0.3333,  0.6667,  1.0000,  1.3333,  1.6667,  2.0000,  2.3333,\n"
  "          2.6667,  3.0000],\n"
  "        [ 3.3333,  3.6667,  4.0000,  4.3333,  4.6667,  5.0000,  5.3333,  5.6667,\n"
  "          6.0000,  6.3333],\n"
  "        [ 6.6667,  7.0000,  7.3333,  7.6667,  8.0000,  8.3333,  8.6667,  9.0000,\n"
  "          9.3333,  9.6667],\n"
  "        [10.0000, 10.3333, 10.6667, 11.0000, 11.3333, 11.6667, 12.0000, 12.3333,\n"
  "         12.6667, 13.0000]], requires_grad=True)";

/* torch.arange(10., dtype=torch.float64) / 3 */
static const char expected_f64_wrap_suffix[] =
  "tensor([0.0000, 0.3333, 0.6667, 1.0000, 1.3333, 1.6667, 2.0000, 2.3333, 2.6667,\n"
  "        3.0000], dtype=torch.float64)";

/* torch.arange(15, dtype=torch.int32) * 100000 */
static const char expected_int32_wrap_suffix[] =
  "tensor([      0,  100000,  200000,  300000,  400000,  500000,  600000,  700000,\n"
  "         800000,  900000, 1000000, 1100000, 1200000, 1300000, 1400000],\n"
  "       dtype=torch.int32)";

/* torch.arange(6.).reshape(2, 3).t() */
static const char expected_transposed[] =
  "tensor([[0., 3.],\n"
  "        [1., 4.],\n"
  "        [2., 5.]])";

/* torch.arange(10.)[2:8:2] */
static const char expected_strided[] =
  "tensor([2., 4., 6.])";

/* torch.arange(24, dtype=torch.float64) */
static const char expected_suffix_fits_80[] =
  "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n"
  "        14., 15., 16., 17., 18., 19., 20., 21., 22., 23.], dtype=torch.float64)";

/* (torch.arange(21)*10).to(torch.int8) */
static const char expected_suffix_81[] =
  "tensor([   0,   10,   20,   30,   40,   50,   60,   70,   80,   90,  100,  110,\n"
  "         120, -126, -116, -106,  -96,  -86,  -76,  -66,  -56],\n"
  "       dtype=torch.int8)";

/* torch.arange(13, dtype=torch.int32) */
static const char expected_int32_fits_80[] =
  "tensor([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12], dtype=torch.int32)";

/* ---- helpers ---------------------------------------------------------------- */

static void
check_repr (GtTensor   *t,
            const char *expected)
{
  g_autofree char *s = gt_tensor_to_string (t);

  g_assert_cmpstr (s, ==, expected);
}

static GtTensor *
from_list (const gdouble *data,
           gsize          n,
           GtDType        dtype)
{
  return gt_test_new_1d (data, n, dtype);
}

static GtTensor *
scalar (gdouble  v,
        GtDType  dtype)
{
  return gt_test_new (&v, 1, NULL, 0, dtype);
}

/* torch.arange(n) reshaped to @shape, with element i = i * scale / div. */
static GtTensor *
arange_scaled (const gint64 *shape,
               gsize         n_dims,
               gdouble       scale,
               gdouble       div,
               GtDType       dtype)
{
  g_autofree gdouble *data = NULL;
  gint64 n = 1;

  for (gsize i = 0; i < n_dims; i++)
    n *= shape[i];
  data = g_new (gdouble, n);
  for (gint64 i = 0; i < n; i++)
    data[i] = (gdouble) i * scale / div;
  return gt_test_new (data, (gsize) n, shape, n_dims, dtype);
}

static void
set_requires_grad (GtTensor *t)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gt_tensor_set_requires_grad (t, TRUE, &error));
  g_assert_no_error (error);
}

/* ---- tests -------------------------------------------------------------------- */

static void
test_print_scalars (void)
{
  g_autoptr(GtTensor) f = scalar (3.5, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) i = scalar (7, GT_DTYPE_INT64);
  g_autoptr(GtTensor) b = scalar (1, GT_DTYPE_BOOL);
  g_autoptr(GtTensor) s = scalar (-1e-5, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) d = scalar (2, GT_DTYPE_FLOAT64);

  check_repr (f, expected_scalar_float);
  check_repr (i, expected_scalar_int);
  check_repr (b, expected_scalar_bool);
  check_repr (s, expected_scalar_neg_sci);
  check_repr (d, expected_scalar_f64);
}

static void
test_print_dims (void)
{
  const gdouble v[] = { 1.5, -2.25, 3.0 };
  const gint64 s2[] = { 2, 3 }, s3[] = { 2, 3, 4 }, s4[] = { 2, 1, 2, 2 };
  g_autoptr(GtTensor) a = from_list (v, 3, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) b = gt_test_arange_shaped (s2, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) c = gt_test_arange_shaped (s3, 3, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) d = gt_test_arange_shaped (s4, 4, GT_DTYPE_FLOAT32);

  check_repr (a, expected_one_d);
  check_repr (b, expected_two_d);
  check_repr (c, expected_three_d);
  check_repr (d, expected_four_d);
}

static void
test_print_ints_and_bools (void)
{
  const gdouble iv[] = { 1, -20, 300 };
  const gdouble i2v[] = { 1, -20, 300, 4 };
  const gint64 big[] = { G_GINT64_CONSTANT (123456789012), -5 };
  const gdouble bv[] = { 1, 0, 1 };
  const gdouble b2v[] = { 1, 0, 0, 1 };
  const gint64 s22[] = { 2, 2 }, n2 = 2;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = from_list (iv, 3, GT_DTYPE_INT64);
  g_autoptr(GtTensor) b = gt_test_new (i2v, 4, s22, 2, GT_DTYPE_INT64);
  g_autoptr(GtTensor) c = gt_tensor_new_from_int64s (big, 2, &n2, 1, GT_DTYPE_INT64,
                                                     NULL, &error);
  g_autoptr(GtTensor) d = from_list (bv, 3, GT_DTYPE_BOOL);
  g_autoptr(GtTensor) e = gt_test_new (b2v, 4, s22, 2, GT_DTYPE_BOOL);

  g_assert_no_error (error);
  check_repr (a, expected_int64);
  check_repr (b, expected_int64_2d);
  check_repr (c, expected_int64_big);
  check_repr (d, expected_bool_1d);
  check_repr (e, expected_bool_2d);
}

static void
test_print_dtype_suffix (void)
{
  const gdouble f[] = { 1.5, 2.5 };
  const gdouble i[] = { 1, 2, 3 };
  const gdouble i8[] = { -1, 2 };
  const gdouble u8[] = { 255, 0 };
  const gdouble i16[] = { 300 };
  const gdouble h[] = { 0.1, 2.0 };
  g_autoptr(GtTensor) a = from_list (f, 2, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) b = from_list (i, 3, GT_DTYPE_INT32);
  g_autoptr(GtTensor) c = from_list (i8, 2, GT_DTYPE_INT8);
  g_autoptr(GtTensor) d = from_list (u8, 2, GT_DTYPE_UINT8);
  g_autoptr(GtTensor) e = from_list (i16, 1, GT_DTYPE_INT16);
  g_autoptr(GtTensor) g = from_list (h, 2, GT_DTYPE_FLOAT16);
  g_autoptr(GtTensor) k = from_list (h, 2, GT_DTYPE_BFLOAT16);

  check_repr (a, expected_float64);
  check_repr (b, expected_int32);
  check_repr (c, expected_int8);
  check_repr (d, expected_uint8);
  check_repr (e, expected_int16);
  check_repr (g, expected_float16);
  check_repr (k, expected_bfloat16);
}

static void
test_print_empty (void)
{
  const gint64 s0[] = { 0 }, s20[] = { 2, 0 }, s031[] = { 0, 3, 1 };
  const gint64 s03[] = { 0, 3 }, s40[] = { 4, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = gt_empty (s0, 1, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) b = gt_empty (s20, 2, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) c = gt_empty (s031, 3, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) d = gt_empty (s0, 1, GT_DTYPE_INT64, NULL, &error);
  g_autoptr(GtTensor) e = gt_empty (s03, 2, GT_DTYPE_INT32, NULL, &error);
  g_autoptr(GtTensor) f = gt_empty (s0, 1, GT_DTYPE_BOOL, NULL, &error);
  g_autoptr(GtTensor) g = gt_empty (s40, 2, GT_DTYPE_FLOAT64, NULL, &error);

  g_assert_no_error (error);
  check_repr (a, expected_empty_1d);
  check_repr (b, expected_empty_2d);
  check_repr (c, expected_empty_3d);
  /* torch shows the dtype of an empty tensor even for int64 and bool */
  check_repr (d, expected_empty_int64);
  check_repr (e, expected_empty_int32_2d);
  check_repr (f, expected_empty_bool);
  check_repr (g, expected_empty_float64_2d);
}

static void
test_print_float_modes (void)
{
  const gdouble ints[] = { 1, 2, 3 };
  const gdouble negz[] = { -0.0, 1.0 };
  const gdouble small[] = { 1e-5, 1.0 };
  const gdouble small_only[] = { 1e-5 };
  const gdouble big[] = { 1e9, 1.0 };
  const gdouble big_int[] = { 123456789.0 };
  const gdouble ratio[] = { 0.5, 1000.5 };
  const gdouble neg[] = { -1e-5, 2.5e10, 3.0 };
  const gdouble fixed_neg[] = { -0.5, 10.25 };
  const gint64 s22[] = { 2, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = from_list (ints, 3, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) b = from_list (negz, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) c = gt_zeros (s22, 2, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) d = from_list (small, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) e = from_list (small_only, 1, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) f = from_list (big, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) g = from_list (big_int, 1, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) h = from_list (ratio, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) k = from_list (neg, 3, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) m = from_list (fixed_neg, 2, GT_DTYPE_FLOAT32);

  g_assert_no_error (error);
  /* integral values print as "1." */
  check_repr (a, expected_int_floats);
  check_repr (b, expected_neg_zero);
  check_repr (c, expected_zeros);
  /* scientific notation: tiny values, huge values, a ratio over 1000 */
  check_repr (d, expected_sci_small);
  check_repr (e, expected_sci_small_only);
  check_repr (f, expected_sci_big);
  check_repr (g, expected_sci_big_int);
  check_repr (h, expected_sci_ratio);
  check_repr (k, expected_sci_neg);
  check_repr (m, expected_fixed_neg);
}

static void
test_print_nan_inf (void)
{
  const gdouble a_v[] = { NAN, INFINITY, -INFINITY, 1.5 };
  const gdouble b_v[] = { NAN, 1.0, -INFINITY };
  const gdouble c_v[] = { NAN, NAN };
  const gdouble d_v[] = { INFINITY, -INFINITY };
  const gdouble e_v[] = { NAN, 1e-7, 1.0 };
  g_autoptr(GtTensor) a = from_list (a_v, 4, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) b = from_list (b_v, 3, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) c = from_list (c_v, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) d = from_list (d_v, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) e = from_list (e_v, 3, GT_DTYPE_FLOAT32);
  /* A NaN with the sign bit set still prints as "nan" (Python's format). */
  g_autoptr(GtTensor) f = from_list ((const gdouble[]) { -NAN, -NAN }, 2, GT_DTYPE_FLOAT32);

  check_repr (a, expected_nan_inf);
  check_repr (b, expected_nan_int);
  check_repr (c, expected_only_nan);
  check_repr (d, expected_only_inf);
  check_repr (e, expected_nan_sci);
  check_repr (f, expected_only_nan);
}

static void
test_print_summarized (void)
{
  const gint64 n1001[] = { 1001 }, n1000[] = { 1000 };
  const gint64 s2d[] = { 40, 50 }, s3d[] = { 11, 11, 11 }, srows[] = { 11, 100 };
  const gint64 n2000[] = { 2000 };
  g_autoptr(GtTensor) a = gt_test_arange_shaped (n1001, 1, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) b = gt_test_arange_shaped (n1000, 1, GT_DTYPE_INT64);
  g_autoptr(GtTensor) c = gt_test_arange_shaped (s2d, 2, GT_DTYPE_INT64);
  g_autoptr(GtTensor) d = gt_test_arange_shaped (s3d, 3, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) e = arange_scaled (srows, 2, 1, 7, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) f = NULL;
  g_autofree gdouble *outlier = g_new (gdouble, 2000);

  /* more than 1000 elements: three at each edge */
  check_repr (a, expected_big_1d);
  /* exactly 1000: printed in full */
  check_repr (b, expected_exactly_1000);
  check_repr (c, expected_big_2d_int);
  check_repr (d, expected_big_3d);
  check_repr (e, expected_big_rows);

  /* Only the printed elements choose the format: a hidden 1e10 does not
   * switch to scientific notation. */
  for (gint i = 0; i < 2000; i++)
    outlier[i] = i;
  outlier[1000] = 1e10;
  f = gt_test_new (outlier, 2000, n2000, 1, GT_DTYPE_FLOAT32);
  check_repr (f, expected_big_hidden_outlier);
}

static void
test_print_line_wrap (void)
{
  const gint64 n30[] = { 30 }, n20[] = { 20 }, s220[] = { 2, 20 }, n40[] = { 40 };
  const gint64 n10[] = { 10 }, n15[] = { 15 };
  g_autoptr(GtTensor) a = gt_test_arange_shaped (n30, 1, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) b = arange_scaled (n20, 1, 1, 3, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) c = arange_scaled (s220, 2, 1.5, 1, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) d = arange_scaled (n40, 1, 1000, 1, GT_DTYPE_INT64);
  g_autoptr(GtTensor) e = NULL;
  g_autoptr(GtTensor) f = arange_scaled (n10, 1, 1, 3, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) g = arange_scaled (n15, 1, 100000, 1, GT_DTYPE_INT32);
  gdouble bools[30];

  for (gint i = 0; i < 30; i++)
    bools[i] = i % 3 == 0;
  e = gt_test_new (bools, 30, n30, 1, GT_DTYPE_BOOL);

  check_repr (a, expected_long_row);
  check_repr (b, expected_long_row_frac);
  check_repr (c, expected_long_row_2d);
  check_repr (d, expected_long_int);
  check_repr (e, expected_long_bool);
  /* a suffix that no longer fits the last line goes on its own */
  check_repr (f, expected_f64_wrap_suffix);
  check_repr (g, expected_int32_wrap_suffix);
}

static void
test_print_suffix_boundary (void)
{
  /* The suffix stays on the last line when that line plus ", " and the
   * suffix is exactly 80 columns, and moves when it would be 81. */
  const gint64 n24[] = { 24 }, n13[] = { 13 }, n21[] = { 21 };
  g_autoptr(GtTensor) a = gt_test_arange_shaped (n24, 1, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) b = gt_test_arange_shaped (n13, 1, GT_DTYPE_INT32);
  g_autoptr(GtTensor) c = arange_scaled (n21, 1, 10, 1, GT_DTYPE_INT64);
  g_autoptr(GError) error = NULL;
  /* 120, 130, ... wrap around in int8 as torch's .to(torch.int8) */
  g_autoptr(GtTensor) c8 = gt_tensor_to_dtype (c, GT_DTYPE_INT8, &error);

  g_assert_no_error (error);
  check_repr (a, expected_suffix_fits_80);
  check_repr (b, expected_int32_fits_80);
  check_repr (c8, expected_suffix_81);
}

static void
test_print_requires_grad (void)
{
  const gdouble v[] = { 1, 2 };
  const gint64 n16[] = { 16 }, s02[] = { 0, 2 }, s410[] = { 4, 10 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GtTensor) a = from_list (v, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) b = scalar (2.5, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) c = arange_scaled (n16, 1, 1, 3, GT_DTYPE_FLOAT64);
  g_autoptr(GtTensor) d = gt_empty (s02, 2, GT_DTYPE_FLOAT32, NULL, &error);
  g_autoptr(GtTensor) e = arange_scaled (s410, 2, 1, 3, GT_DTYPE_FLOAT32);

  g_assert_no_error (error);
  set_requires_grad (a);
  set_requires_grad (b);
  set_requires_grad (c);
  set_requires_grad (d);
  set_requires_grad (e);
  check_repr (a, expected_grad);
  check_repr (b, expected_grad_scalar);
  check_repr (c, expected_grad_f64_long);
  check_repr (d, expected_grad_empty);
  check_repr (e, expected_grad_2d);
}

static void
test_print_views (void)
{
  const gint64 s23[] = { 2, 3 }, n10[] = { 10 };
  const gint64 sizes[] = { 3 }, strides[] = { 2 };
  g_autoptr(GtTensor) base = gt_test_arange_shaped (s23, 2, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) tr = gt_test_transpose (base);
  g_autoptr(GtTensor) line = gt_test_arange_shaped (n10, 1, GT_DTYPE_FLOAT32);
  g_autoptr(GtTensor) strided = gt_test_view (line, 1, sizes, strides, 2);

  /* views print their own elements in their own order */
  check_repr (tr, expected_transposed);
  check_repr (strided, expected_strided);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/print/scalars", test_print_scalars);
  g_test_add_func ("/print/dims", test_print_dims);
  g_test_add_func ("/print/ints-and-bools", test_print_ints_and_bools);
  g_test_add_func ("/print/dtype-suffix", test_print_dtype_suffix);
  g_test_add_func ("/print/empty", test_print_empty);
  g_test_add_func ("/print/float-modes", test_print_float_modes);
  g_test_add_func ("/print/nan-inf", test_print_nan_inf);
  g_test_add_func ("/print/summarized", test_print_summarized);
  g_test_add_func ("/print/line-wrap", test_print_line_wrap);
  g_test_add_func ("/print/suffix-boundary", test_print_suffix_boundary);
  g_test_add_func ("/print/requires-grad", test_print_requires_grad);
  g_test_add_func ("/print/views", test_print_views);

  return g_test_run ();
}
