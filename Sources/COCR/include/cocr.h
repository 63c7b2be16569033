#ifndef EVIDENCE_COCR_H
#define EVIDENCE_COCR_H
/*
 * A plain C API over Tesseract's C API (recognition) and leptonica (image decoding), for OCR
 * of scanned images and of PDF pages rendered without a text layer. Translation of calls and
 * errors only: failure is reported by the return value and, where there is one, an error
 * string (malloc'd; free with cocr_free). Strings returned are UTF-8 and malloc'd.
 * The limits (pixel counts, pages, time) are the caller's decisions.
 */
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Frees a string or buffer returned by this API. */
void cocr_free(void *pointer);

/* Tesseract's version ("5.3.0"), malloc'd. */
char *cocr_tesseract_version(void);
/* leptonica's version ("leptonica-1.82.0"), malloc'd. */
char *cocr_leptonica_version(void);

/* ---- Images (leptonica) ---- */

/* A decoded image (a leptonica Pix). */
typedef struct cocr_image cocr_image;

/*
 * The width and height of image `page` (0-based; only TIFF has pages past 0) read from its
 * header, without decoding its pixels. Not for GIF and BMP, whose headers leptonica reads by
 * decoding the whole image. Returns 1 on success, 0 with *error set.
 */
int cocr_image_header(const uint8_t *data, size_t length, int page, int *width, int *height, char **error);

/* The number of pages (directories) of a TIFF in memory; 1 on success, 0 with *error set. */
int cocr_tiff_page_count(const uint8_t *data, size_t length, int *pages, char **error);

/*
 * Decodes image `page` (a TIFF's page; 0 for other formats). leptonica copies what it needs:
 * `data` may be released afterwards. NULL with *error set when it cannot be decoded.
 */
cocr_image *cocr_image_decode(const uint8_t *data, size_t length, int page, char **error);
void cocr_image_free(cocr_image *image);

/* ---- Recognition (Tesseract) ---- */

/* A Tesseract engine, initialised for some languages. Not for use by two threads at once. */
typedef struct cocr_engine cocr_engine;

/*
 * An engine for `languages` ("eng", "eng+deu") with the LSTM recogniser, reading traineddata
 * from `datapath` (NULL: Tesseract's own default). NULL with *error set when Tesseract could
 * not be initialised (the first language's traineddata is missing, say). Tesseract's
 * diagnostics go to /dev/null.
 */
cocr_engine *cocr_engine_open(const char *datapath, const char *languages, char **error);
void cocr_engine_close(cocr_engine *engine);

/* The languages Tesseract actually loaded, joined by '+', malloc'd (NULL on error). */
char *cocr_engine_loaded_languages(cocr_engine *engine);

/* What one recognition gave. */
typedef struct {
    /* The text, UTF-8, malloc'd (free with cocr_free); its byte count in text_length. */
    char *text;
    size_t text_length;
    /* Tesseract's mean word confidence, 0-100. */
    int confidence;
    /* 1 when recognition was stopped at the deadline (the text is what was done by then). */
    int cancelled;
} cocr_result;

/*
 * Recognises a decoded image. `deadline_ms` bounds the recognition (stopped when it passes:
 * `cancelled` is then 1); `default_dpi` is the resolution assumed when the image records
 * none that is plausible (0: let Tesseract estimate it). Returns 1 on success (result
 * filled), 0 with *error set.
 */
int cocr_recognise_image(cocr_engine *engine, const cocr_image *image, int default_dpi, int deadline_ms,
                         cocr_result *result, char **error);

/*
 * Recognises an 8-bit greyscale raster (a rendered PDF page) of `width` x `height` pixels with
 * `bytes_per_line` bytes per row, at `dpi`. As cocr_recognise_image otherwise.
 */
int cocr_recognise_gray(cocr_engine *engine, const uint8_t *pixels, int width, int height, int bytes_per_line,
                        int dpi, int deadline_ms, cocr_result *result, char **error);

#ifdef __cplusplus
}
#endif
#endif
