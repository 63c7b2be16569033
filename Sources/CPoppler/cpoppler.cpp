#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>
#include <poppler-page-renderer.h>
#include <poppler-image.h>
#include <poppler-version.h>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include "cpoppler.h"

// Translation only: every entry point catches everything, so no C++ exception reaches Swift.

struct cpoppler_document {
    std::unique_ptr<poppler::document> document;
};

namespace {

char *copy_bytes(const char *data, size_t length, size_t *out_length) {
    char *copy = static_cast<char *>(std::malloc(length + 1));
    if (copy == nullptr) return nullptr;
    if (length > 0) std::memcpy(copy, data, length);
    copy[length] = '\0';
    if (out_length != nullptr) *out_length = length;
    return copy;
}

void set_error(char **error, const char *message) {
    if (error != nullptr) *error = copy_bytes(message, std::strlen(message), nullptr);
}

void set_error(char **error, const std::exception &exception) {
    set_error(error, exception.what());
}

void ignore_diagnostic(const std::string &, void *) {}

void silence_diagnostics() {
    static std::once_flag once;
    std::call_once(once, [] { poppler::set_debug_error_function(ignore_diagnostic, nullptr); });
}

char *copy_ustring(const poppler::ustring &text, size_t *length) {
    poppler::byte_array utf8 = text.to_utf8();
    return copy_bytes(utf8.data(), utf8.size(), length);
}

}  // namespace

extern "C" char *cpoppler_version(void) {
    try {
        std::string version = poppler::version_string();
        return strdup(version.c_str());
    } catch (...) {
        return nullptr;
    }
}

extern "C" void cpoppler_free(void *pointer) {
    std::free(pointer);
}

extern "C" cpoppler_document *cpoppler_open(const char *data, size_t length, char **error) {
    try {
        silence_diagnostics();
        if (length > static_cast<size_t>(INT32_MAX)) {
            set_error(error, "the PDF is larger than poppler can load from memory");
            return nullptr;
        }
        std::unique_ptr<poppler::document> document(
            poppler::document::load_from_raw_data(data, static_cast<int>(length)));
        if (!document) {
            set_error(error, "poppler could not open the data as a PDF");
            return nullptr;
        }
        return new cpoppler_document{std::move(document)};
    } catch (const std::exception &exception) {
        set_error(error, exception);
    } catch (...) {
        set_error(error, "poppler failed while opening the PDF");
    }
    return nullptr;
}

extern "C" void cpoppler_close(cpoppler_document *document) {
    try {
        delete document;
    } catch (...) {
    }
}

extern "C" int cpoppler_is_locked(const cpoppler_document *document) {
    try {
        return document->document->is_locked() ? 1 : 0;
    } catch (...) {
        return 1;
    }
}

extern "C" int cpoppler_is_encrypted(const cpoppler_document *document) {
    try {
        return document->document->is_encrypted() ? 1 : 0;
    } catch (...) {
        return 0;
    }
}

extern "C" int cpoppler_page_count(const cpoppler_document *document, char **error) {
    try {
        return document->document->pages();
    } catch (const std::exception &exception) {
        set_error(error, exception);
    } catch (...) {
        set_error(error, "poppler failed while counting pages");
    }
    return -1;
}

extern "C" char *cpoppler_page_text(const cpoppler_document *document, int index, size_t *length, char **error) {
    try {
        std::unique_ptr<poppler::page> page(document->document->create_page(index));
        if (!page) {
            set_error(error, "poppler could not load the page");
            return nullptr;
        }
        char *text = copy_ustring(page->text(poppler::rectf(), poppler::page::non_raw_non_physical_layout), length);
        if (text == nullptr) set_error(error, "out of memory");
        return text;
    } catch (const std::exception &exception) {
        set_error(error, exception);
    } catch (...) {
        set_error(error, "poppler failed while extracting the page's text");
    }
    return nullptr;
}

extern "C" char *cpoppler_info_string(const cpoppler_document *document, const char *key, size_t *length) {
    try {
        poppler::ustring value = document->document->info_key(key);
        if (value.empty()) return nullptr;
        return copy_ustring(value, length);
    } catch (...) {
        return nullptr;
    }
}

extern "C" int cpoppler_info_date(const cpoppler_document *document, const char *key, int64_t *seconds) {
    try {
        time_t value = document->document->info_date_t(key);
        if (value == static_cast<time_t>(-1)) return 0;
        *seconds = static_cast<int64_t>(value);
        return 1;
    } catch (...) {
        return 0;
    }
}

extern "C" int cpoppler_page_size(const cpoppler_document *document, int index, double *width, double *height,
                                  char **error) {
    try {
        std::unique_ptr<poppler::page> page(document->document->create_page(index));
        if (!page) {
            set_error(error, "poppler could not load the page");
            return 0;
        }
        poppler::rectf box = page->page_rect(poppler::crop_box);
        bool turned = page->orientation() == poppler::page::landscape || page->orientation() == poppler::page::seascape;
        *width = turned ? box.height() : box.width();
        *height = turned ? box.width() : box.height();
        return 1;
    } catch (const std::exception &exception) {
        set_error(error, exception);
    } catch (...) {
        set_error(error, "poppler failed while measuring the page");
    }
    return 0;
}

extern "C" unsigned char *cpoppler_page_render_gray(const cpoppler_document *document, int index, double dpi, int *width,
                                                    int *height, int *bytes_per_line, char **error) {
    try {
        if (!poppler::page_renderer::can_render()) {
            set_error(error, "this poppler cannot render pages");
            return nullptr;
        }
        std::unique_ptr<poppler::page> page(document->document->create_page(index));
        if (!page) {
            set_error(error, "poppler could not load the page");
            return nullptr;
        }
        poppler::page_renderer renderer;
        renderer.set_image_format(poppler::image::format_gray8);
        renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
        renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
        poppler::image image = renderer.render_page(page.get(), dpi, dpi);
        if (!image.is_valid() || image.format() != poppler::image::format_gray8) {
            set_error(error, "poppler could not render the page");
            return nullptr;
        }
        size_t length = static_cast<size_t>(image.bytes_per_row()) * static_cast<size_t>(image.height());
        unsigned char *pixels = static_cast<unsigned char *>(std::malloc(length > 0 ? length : 1));
        if (pixels == nullptr) {
            set_error(error, "out of memory");
            return nullptr;
        }
        std::memcpy(pixels, image.const_data(), length);
        *width = image.width();
        *height = image.height();
        *bytes_per_line = image.bytes_per_row();
        return pixels;
    } catch (const std::exception &exception) {
        set_error(error, exception);
    } catch (...) {
        set_error(error, "poppler failed while rendering the page");
    }
    return nullptr;
}
