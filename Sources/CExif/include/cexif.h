#ifndef EVIDENCE_CEXIF_H
#define EVIDENCE_CEXIF_H
/*
 * EXIF metadata through libexif: translation of calls only. The caller (ImageMetadata in
 * SearchIndex) finds the EXIF block in the image and bounds its size; this shim loads it with
 * libexif's specification fix-ups turned off (they would invent entries, such as a DateTime
 * of "now", for the mandatory tags a file lacks) and hands back entries' raw bytes.
 */
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cexif_data cexif_data;

/* The IFDs, as libexif numbers them. */
enum { CEXIF_IFD_0 = 0, CEXIF_IFD_1 = 1, CEXIF_IFD_EXIF = 2, CEXIF_IFD_GPS = 3, CEXIF_IFD_INTEROPERABILITY = 4 };

/*
 * Loads an EXIF block: either the APP1 payload of a JPEG ("Exif\0\0" then a TIFF header) or
 * any bytes libexif searches for one. The bytes are copied by libexif. NULL when libexif could
 * not allocate, or found no entry at all.
 */
cexif_data *cexif_load(const unsigned char *bytes, size_t length);
void cexif_free(cexif_data *data);

/* 1 when the block is big-endian (Motorola), 0 little-endian (Intel). */
int cexif_big_endian(const cexif_data *data);

/*
 * The entry `tag` of IFD `ifd`: its raw value bytes (owned by `data`, valid until
 * cexif_free), their count, the EXIF format code (2 ASCII, 5 RATIONAL, 7 UNDEFINED, ...) and
 * the component count. 0 when there is no such entry.
 */
int cexif_entry(const cexif_data *data, int ifd, uint16_t tag, const unsigned char **bytes, size_t *length,
                int *format, unsigned long *components);

#ifdef __cplusplus
}
#endif
#endif
