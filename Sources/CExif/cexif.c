#include "cexif.h"

#include <libexif/exif-data.h>
#include <stdlib.h>

struct cexif_data {
    ExifData *exif;
};

cexif_data *cexif_load(const unsigned char *bytes, size_t length) {
    if (bytes == NULL || length == 0 || length > 0xFFFFFFFFu) return NULL;
    ExifData *exif = exif_data_new();
    if (exif == NULL) return NULL;
    exif_data_unset_option(exif, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
    exif_data_set_option(exif, EXIF_DATA_OPTION_DONT_CHANGE_MAKER_NOTE);
    exif_data_load_data(exif, bytes, (unsigned int)length);
    int entries = 0;
    for (int ifd = 0; ifd < EXIF_IFD_COUNT; ifd++) {
        if (exif->ifd[ifd] != NULL) entries += (int)exif->ifd[ifd]->count;
    }
    if (entries == 0) {
        exif_data_unref(exif);
        return NULL;
    }
    cexif_data *data = malloc(sizeof *data);
    if (data == NULL) {
        exif_data_unref(exif);
        return NULL;
    }
    data->exif = exif;
    return data;
}

void cexif_free(cexif_data *data) {
    if (data == NULL) return;
    exif_data_unref(data->exif);
    free(data);
}

int cexif_big_endian(const cexif_data *data) {
    return data != NULL && exif_data_get_byte_order(data->exif) == EXIF_BYTE_ORDER_MOTOROLA;
}

int cexif_entry(const cexif_data *data, int ifd, uint16_t tag, const unsigned char **bytes, size_t *length,
                int *format, unsigned long *components) {
    if (data == NULL || ifd < 0 || ifd >= EXIF_IFD_COUNT || data->exif->ifd[ifd] == NULL) return 0;
    ExifEntry *entry = exif_content_get_entry(data->exif->ifd[ifd], (ExifTag)tag);
    if (entry == NULL || entry->data == NULL) return 0;
    *bytes = entry->data;
    *length = entry->size;
    *format = (int)entry->format;
    *components = entry->components;
    return 1;
}
