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
/* Raw deflate streams (no zlib header), as inside ZIP archives: window bits -15. */
static inline int evidence_inflate_init_raw(z_streamp stream) {
    return inflateInit2_(stream, -15, ZLIB_VERSION, (int)sizeof(z_stream));
}
#endif
