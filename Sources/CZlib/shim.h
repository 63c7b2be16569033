#ifndef EVIDENCE_CZLIB_SHIM_H
#define EVIDENCE_CZLIB_SHIM_H
#include <zlib.h>

/* deflateInit/inflateInit are macros; these wrap them so Swift can call them. */
static inline int evidence_deflate_init(z_streamp stream, int level) {
    return deflateInit_(stream, level, ZLIB_VERSION, (int)sizeof(z_stream));
}
static inline int evidence_inflate_init(z_streamp stream) {
    return inflateInit_(stream, ZLIB_VERSION, (int)sizeof(z_stream));
}
#endif
