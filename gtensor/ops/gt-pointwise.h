#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <gtensor/gt-tensor.h>

G_BEGIN_DECLS

GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_add (GtTensor    *self,
                         GtTensor    *other,
                         gdouble      alpha,
                         GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_add_scalar (GtTensor    *self,
                                gdouble      other,
                                gdouble      alpha,
                                GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_add_ (GtTensor    *self,
                         GtTensor    *other,
                         gdouble      alpha,
                         GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_add_scalar_ (GtTensor    *self,
                                gdouble      other,
                                gdouble      alpha,
                                GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_sub (GtTensor    *self,
                         GtTensor    *other,
                         gdouble      alpha,
                         GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_sub_scalar (GtTensor    *self,
                                gdouble      other,
                                gdouble      alpha,
                                GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_sub_ (GtTensor    *self,
                         GtTensor    *other,
                         gdouble      alpha,
                         GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_sub_scalar_ (GtTensor    *self,
                                gdouble      other,
                                gdouble      alpha,
                                GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_mul (GtTensor    *self,
                         GtTensor    *other,
                         GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_mul_scalar (GtTensor    *self,
                                gdouble      other,
                                GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_mul_ (GtTensor    *self,
                         GtTensor    *other,
                         GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_mul_scalar_ (GtTensor    *self,
                                gdouble      other,
                                GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_div (GtTensor    *self,
                         GtTensor    *other,
                         const char  *rounding_mode,
                         GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_div_scalar (GtTensor    *self,
                                gdouble      other,
                                const char  *rounding_mode,
                                GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_div_ (GtTensor    *self,
                         GtTensor    *other,
                         const char  *rounding_mode,
                         GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_div_scalar_ (GtTensor    *self,
                                gdouble      other,
                                const char  *rounding_mode,
                                GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_pow (GtTensor    *self,
                         GtTensor    *exponent,
                         GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_pow_scalar (GtTensor    *self,
                                gdouble      exponent,
                                GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_pow_ (GtTensor    *self,
                         GtTensor    *exponent,
                         GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_pow_scalar_ (GtTensor    *self,
                                gdouble      exponent,
                                GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_maximum (GtTensor    *self,
                             GtTensor    *other,
                             GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_maximum_scalar (GtTensor    *self,
                                    gdouble      other,
                                    GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_minimum (GtTensor    *self,
                             GtTensor    *other,
                             GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_minimum_scalar (GtTensor    *self,
                                    gdouble      other,
                                    GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_remainder (GtTensor    *self,
                               GtTensor    *other,
                               GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_remainder_scalar (GtTensor    *self,
                                      gdouble      other,
                                      GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_remainder_ (GtTensor    *self,
                               GtTensor    *other,
                               GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_remainder_scalar_ (GtTensor    *self,
                                      gdouble      other,
                                      GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_atan2 (GtTensor    *self,
                           GtTensor    *other,
                           GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_atan2_scalar (GtTensor    *self,
                                  gdouble      other,
                                  GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_atan2_ (GtTensor    *self,
                           GtTensor    *other,
                           GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_eq (GtTensor    *self,
                        GtTensor    *other,
                        GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_eq_scalar (GtTensor    *self,
                               gdouble      other,
                               GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_ne (GtTensor    *self,
                        GtTensor    *other,
                        GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_ne_scalar (GtTensor    *self,
                               gdouble      other,
                               GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_lt (GtTensor    *self,
                        GtTensor    *other,
                        GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_lt_scalar (GtTensor    *self,
                               gdouble      other,
                               GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_le (GtTensor    *self,
                        GtTensor    *other,
                        GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_le_scalar (GtTensor    *self,
                               gdouble      other,
                               GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_gt (GtTensor    *self,
                        GtTensor    *other,
                        GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_gt_scalar (GtTensor    *self,
                               gdouble      other,
                               GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_ge (GtTensor    *self,
                        GtTensor    *other,
                        GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_ge_scalar (GtTensor    *self,
                               gdouble      other,
                               GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_logical_and (GtTensor    *self,
                                 GtTensor    *other,
                                 GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_logical_or (GtTensor    *self,
                                GtTensor    *other,
                                GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_logical_xor (GtTensor    *self,
                                 GtTensor    *other,
                                 GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_rsub_scalar (GtTensor    *self,
                                 gdouble      other,
                                 gdouble      alpha,
                                 GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_rdiv_scalar (GtTensor    *self,
                                 gdouble      other,
                                 const char  *rounding_mode,
                                 GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_rpow_scalar (GtTensor    *self,
                                 gdouble      other,
                                 GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_rremainder_scalar (GtTensor    *self,
                                       gdouble      other,
                                       GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_where (GtTensor    *condition,
                    GtTensor    *input,
                    GtTensor    *other,
                    GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_where_scalar (GtTensor    *condition,
                           GtTensor    *input,
                           gdouble      other,
                           GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_exp (GtTensor    *self,
                         GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_exp_ (GtTensor    *self,
                         GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_log (GtTensor    *self,
                         GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_log_ (GtTensor    *self,
                         GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_log2 (GtTensor    *self,
                          GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_log2_ (GtTensor    *self,
                          GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_log1p (GtTensor    *self,
                           GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_log1p_ (GtTensor    *self,
                           GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_expm1 (GtTensor    *self,
                           GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_expm1_ (GtTensor    *self,
                           GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_sqrt (GtTensor    *self,
                          GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_sqrt_ (GtTensor    *self,
                          GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_rsqrt (GtTensor    *self,
                           GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_rsqrt_ (GtTensor    *self,
                           GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_sin (GtTensor    *self,
                         GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_sin_ (GtTensor    *self,
                         GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_cos (GtTensor    *self,
                         GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_cos_ (GtTensor    *self,
                         GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_tanh (GtTensor    *self,
                          GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_tanh_ (GtTensor    *self,
                          GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_sigmoid (GtTensor    *self,
                             GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_sigmoid_ (GtTensor    *self,
                             GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_reciprocal (GtTensor    *self,
                                GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_reciprocal_ (GtTensor    *self,
                                GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_abs (GtTensor    *self,
                         GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_abs_ (GtTensor    *self,
                         GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_neg (GtTensor    *self,
                         GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_neg_ (GtTensor    *self,
                         GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_sign (GtTensor    *self,
                          GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_sign_ (GtTensor    *self,
                          GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_floor (GtTensor    *self,
                           GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_floor_ (GtTensor    *self,
                           GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_ceil (GtTensor    *self,
                          GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_ceil_ (GtTensor    *self,
                          GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_trunc (GtTensor    *self,
                           GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_trunc_ (GtTensor    *self,
                           GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_relu (GtTensor    *self,
                          GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_relu_ (GtTensor    *self,
                          GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_square (GtTensor    *self,
                            GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_square_ (GtTensor    *self,
                            GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_isnan (GtTensor    *self,
                           GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_isinf (GtTensor    *self,
                           GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_logical_not (GtTensor    *self,
                                 GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_logical_not_ (GtTensor    *self,
                                 GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_round (GtTensor    *self,
                           gint         decimals,
                           GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_round_ (GtTensor    *self,
                           gint         decimals,
                           GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_nan_to_num (GtTensor    *self,
                                gdouble      nan,
                                gboolean     has_posinf,
                                gdouble      posinf,
                                gboolean     has_neginf,
                                gdouble      neginf,
                                GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_nan_to_num_ (GtTensor    *self,
                                gdouble      nan,
                                gboolean     has_posinf,
                                gdouble      posinf,
                                gboolean     has_neginf,
                                gdouble      neginf,
                                GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_clamp (GtTensor    *self,
                           GtTensor    *min,
                           GtTensor    *max,
                           GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_clamp_ (GtTensor    *self,
                           GtTensor    *min,
                           GtTensor    *max,
                           GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_clamp_scalar (GtTensor    *self,
                                  gdouble      min,
                                  gdouble      max,
                                  GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_clamp_scalar_ (GtTensor    *self,
                                  gdouble      min,
                                  gdouble      max,
                                  GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_clamp_min_scalar (GtTensor    *self,
                                      gdouble      min,
                                      GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_clamp_min_scalar_ (GtTensor    *self,
                                      gdouble      min,
                                      GError     **error);
GT_AVAILABLE_IN_ALL
GtTensor *gt_tensor_clamp_max_scalar (GtTensor    *self,
                                      gdouble      max,
                                      GError     **error);
GT_AVAILABLE_IN_ALL
gboolean gt_tensor_clamp_max_scalar_ (GtTensor    *self,
                                      gdouble      max,
                                      GError     **error);

G_END_DECLS
