#include <leptonica/allheaders.h>
#include <tesseract/capi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cocr.h"

/* Translation only: every limit (pixels, pages, time) is decided by the Swift caller. */

struct cocr_image {
    PIX *pix;
};

struct cocr_engine {
    TessBaseAPI *api;
};

static char *copy_string(const char *text) {
    size_t length = strlen(text);
    char *copy = malloc(length + 1);
    if (copy != NULL) memcpy(copy, text, length + 1);
    return copy;
}

static void set_error(char **error, const char *message) {
    if (error != NULL) *error = copy_string(message);
}

/* leptonica reports every failure on stderr as well as by its return value: only the latter counts. */
static void silence_leptonica(void) {
    setMsgSeverity(L_SEVERITY_NONE);
}

void cocr_free(void *pointer) {
    free(pointer);
}

char *cocr_tesseract_version(void) {
    const char *version = TessVersion();
    return version == NULL ? NULL : copy_string(version);
}

char *cocr_leptonica_version(void) {
    char *version = getLeptonicaVersion();
    if (version == NULL) return NULL;
    char *copy = copy_string(version);
    lept_free(version);
    return copy;
}

static int is_tiff(const uint8_t *data, size_t length) {
    l_int32 format = IFF_UNKNOWN;
    if (length < 12 || findFileFormatBuffer(data, &format) != 0) return 0;
    return L_FORMAT_IS_TIFF(format) ? 1 : 0;
}

int cocr_image_header(const uint8_t *data, size_t length, int page, int *width, int *height, char **error) {
    silence_leptonica();
    l_int32 w = 0, h = 0, bps = 0, spp = 0, res = 0, cmap = 0, format = 0;
    l_ok failed;
    if (is_tiff(data, length)) {
        failed = readHeaderMemTiff(data, length, page, &w, &h, &bps, &spp, &res, &cmap, &format);
    } else if (page != 0) {
        set_error(error, "only TIFF images have more than one page");
        return 0;
    } else {
        failed = pixReadHeaderMem(data, length, &format, &w, &h, &bps, &spp, &cmap);
    }
    if (failed != 0 || w <= 0 || h <= 0) {
        set_error(error, "leptonica could not read the image header");
        return 0;
    }
    *width = w;
    *height = h;
    return 1;
}

int cocr_tiff_page_count(const uint8_t *data, size_t length, int *pages, char **error) {
    silence_leptonica();
    FILE *file = fopenReadFromMemory(data, length);
    if (file == NULL) {
        set_error(error, "the TIFF could not be opened in memory");
        return 0;
    }
    l_int32 count = 0;
    l_ok failed = tiffGetCount(file, &count);
    fclose(file);
    if (failed != 0) {
        set_error(error, "leptonica could not count the TIFF's pages");
        return 0;
    }
    *pages = count;
    return 1;
}

cocr_image *cocr_image_decode(const uint8_t *data, size_t length, int page, char **error) {
    silence_leptonica();
    PIX *pix = is_tiff(data, length) ? pixReadMemTiff(data, length, page) : pixReadMem(data, length);
    if (pix == NULL) {
        set_error(error, "leptonica could not decode the image");
        return NULL;
    }
    cocr_image *image = malloc(sizeof(cocr_image));
    if (image == NULL) {
        pixDestroy(&pix);
        set_error(error, "out of memory");
        return NULL;
    }
    image->pix = pix;
    return image;
}

void cocr_image_free(cocr_image *image) {
    if (image == NULL) return;
    pixDestroy(&image->pix);
    free(image);
}

cocr_engine *cocr_engine_open(const char *datapath, const char *languages, char **error) {
    TessBaseAPI *api = TessBaseAPICreate();
    if (api == NULL) {
        set_error(error, "Tesseract could not be created");
        return NULL;
    }
    /* Before Init, so that loading the traineddata is quiet too. */
    TessBaseAPISetVariable(api, "debug_file", "/dev/null");
    if (TessBaseAPIInit2(api, datapath, languages, OEM_LSTM_ONLY) != 0) {
        TessBaseAPIDelete(api);
        set_error(error, "Tesseract could not load its traineddata for these languages");
        return NULL;
    }
    TessBaseAPISetPageSegMode(api, PSM_AUTO);
    cocr_engine *engine = malloc(sizeof(cocr_engine));
    if (engine == NULL) {
        TessBaseAPIEnd(api);
        TessBaseAPIDelete(api);
        set_error(error, "out of memory");
        return NULL;
    }
    engine->api = api;
    return engine;
}

void cocr_engine_close(cocr_engine *engine) {
    if (engine == NULL) return;
    TessBaseAPIEnd(engine->api);
    TessBaseAPIDelete(engine->api);
    free(engine);
}

char *cocr_engine_loaded_languages(cocr_engine *engine) {
    char **languages = TessBaseAPIGetLoadedLanguagesAsVector(engine->api);
    if (languages == NULL) return NULL;
    size_t length = 0;
    for (char **language = languages; *language != NULL; language++) length += strlen(*language) + 1;
    char *joined = malloc(length + 1);
    if (joined != NULL) {
        joined[0] = '\0';
        for (char **language = languages; *language != NULL; language++) {
            if (language != languages) strcat(joined, "+");
            strcat(joined, *language);
        }
    }
    TessDeleteTextArray(languages);
    return joined;
}

/* The deadline, checked by Tesseract between words through the monitor's cancel callback. */
typedef struct {
    struct timespec deadline;
    int cancelled;
} deadline_state;

static bool past_deadline(void *context, int words) {
    (void)words;
    deadline_state *state = context;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec > state->deadline.tv_sec ||
        (now.tv_sec == state->deadline.tv_sec && now.tv_nsec >= state->deadline.tv_nsec)) {
        state->cancelled = 1;
        return true;
    }
    return false;
}

static int recognise(cocr_engine *engine, int deadline_ms, cocr_result *result, char **error) {
    memset(result, 0, sizeof(*result));
    deadline_state state = {{0, 0}, 0};
    clock_gettime(CLOCK_MONOTONIC, &state.deadline);
    long long nanoseconds = state.deadline.tv_nsec + (long long)(deadline_ms % 1000) * 1000000LL;
    state.deadline.tv_sec += deadline_ms / 1000 + (time_t)(nanoseconds / 1000000000LL);
    state.deadline.tv_nsec = (long)(nanoseconds % 1000000000LL);
    ETEXT_DESC *monitor = TessMonitorCreate();
    if (monitor == NULL) {
        set_error(error, "out of memory");
        return 0;
    }
    TessMonitorSetCancelThis(monitor, &state);
    TessMonitorSetCancelFunc(monitor, past_deadline);
    int status = TessBaseAPIRecognize(engine->api, monitor);
    TessMonitorDelete(monitor);
    /* A cancelled recognition keeps the words done by then; anything else failing is an error. */
    if (status != 0 && !state.cancelled) {
        TessBaseAPIClear(engine->api);
        set_error(error, "Tesseract could not recognise the image");
        return 0;
    }
    char *text = TessBaseAPIGetUTF8Text(engine->api);
    result->confidence = TessBaseAPIMeanTextConf(engine->api);
    result->cancelled = state.cancelled;
    if (text != NULL) {
        result->text_length = strlen(text);
        result->text = copy_string(text);
        TessDeleteText(text);
    } else {
        result->text = copy_string("");
    }
    TessBaseAPIClear(engine->api);
    if (result->text == NULL) {
        set_error(error, "out of memory");
        return 0;
    }
    return 1;
}

int cocr_recognise_image(cocr_engine *engine, const cocr_image *image, int default_dpi, int deadline_ms,
                         cocr_result *result, char **error) {
    TessBaseAPISetImage2(engine->api, image->pix);
    l_int32 resolution = pixGetXRes(image->pix);
    /* Tesseract's own range of believable resolutions; outside it the caller's default stands. */
    if (resolution >= 70 && resolution <= 2400) {
        TessBaseAPISetSourceResolution(engine->api, resolution);
    } else if (default_dpi > 0) {
        TessBaseAPISetSourceResolution(engine->api, default_dpi);
    }
    return recognise(engine, deadline_ms, result, error);
}

int cocr_recognise_gray(cocr_engine *engine, const uint8_t *pixels, int width, int height, int bytes_per_line,
                        int dpi, int deadline_ms, cocr_result *result, char **error) {
    TessBaseAPISetImage(engine->api, pixels, width, height, 1, bytes_per_line);
    TessBaseAPISetSourceResolution(engine->api, dpi);
    return recognise(engine, deadline_ms, result, error);
}
