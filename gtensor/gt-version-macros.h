#pragma once

#if !defined(GT_INSIDE) && !defined(GT_COMPILATION)
#error "Only <gtensor/gtensor.h> can be included directly."
#endif

#include <glib.h>

/* The library is built with -fvisibility=hidden; only symbols declared with
 * one of these macros are exported. */
#if defined(_WIN32) || defined(__CYGWIN__)
# if defined(GT_COMPILATION)
#  define _GT_EXPORT __declspec(dllexport) extern
# else
#  define _GT_EXPORT __declspec(dllimport) extern
# endif
#elif __GNUC__ >= 4
# define _GT_EXPORT __attribute__((visibility ("default"))) extern
#else
# define _GT_EXPORT extern
#endif

#define GT_AVAILABLE_IN_ALL _GT_EXPORT
#define GT_AVAILABLE_IN_1_0 _GT_EXPORT
