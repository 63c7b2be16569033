#include <poppler-version.h>
#include <cstdlib>
#include <cstring>
#include <string>
#include "cpoppler.h"

extern "C" char *cpoppler_version(void) {
    std::string version = poppler::version_string();
    return strdup(version.c_str());
}
