/* textwidth.c: display columns of code points (textwidth.h says why a table
 * of its own). Must not: do I/O. */
#include "textwidth.h"

#include <stddef.h>

typedef struct {
    uint32_t lo, hi;
} Range;

/* Zero columns: combining marks, zero-width space/joiners, word joiner,
 * variation selectors, the byte order mark. */
static const Range ZERO[] = {
    { 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD }, { 0x0610, 0x061A }, { 0x064B, 0x065F },
    { 0x0E31, 0x0E31 }, { 0x0E34, 0x0E3A }, { 0x1AB0, 0x1AFF }, { 0x1DC0, 0x1DFF }, { 0x200B, 0x200D },
    { 0x2060, 0x2064 }, { 0x20D0, 0x20FF }, { 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F }, { 0xFEFF, 0xFEFF },
    { 0xE0100, 0xE01EF },
};

/* Two columns: East Asian Wide (W) and Fullwidth (F). */
static const Range WIDE[] = {
    { 0x1100, 0x115F },   { 0x231A, 0x231B },   { 0x2329, 0x232A },   { 0x23E9, 0x23EC },
    { 0x23F0, 0x23F0 },   { 0x23F3, 0x23F3 },   { 0x25FD, 0x25FE },   { 0x2614, 0x2615 },
    { 0x2648, 0x2653 },   { 0x267F, 0x267F },   { 0x2693, 0x2693 },   { 0x26A1, 0x26A1 },
    { 0x26AA, 0x26AB },   { 0x26BD, 0x26BE },   { 0x26C4, 0x26C5 },   { 0x26CE, 0x26CE },
    { 0x26D4, 0x26D4 },   { 0x26EA, 0x26EA },   { 0x26F2, 0x26F3 },   { 0x26F5, 0x26F5 },
    { 0x26FA, 0x26FA },   { 0x26FD, 0x26FD },   { 0x2705, 0x2705 },   { 0x270A, 0x270B },
    { 0x2728, 0x2728 },   { 0x274C, 0x274C },   { 0x274E, 0x274E },   { 0x2753, 0x2755 },
    { 0x2757, 0x2757 },   { 0x2795, 0x2797 },   { 0x27B0, 0x27B0 },   { 0x27BF, 0x27BF },
    { 0x2B1B, 0x2B1C },   { 0x2B50, 0x2B50 },   { 0x2B55, 0x2B55 },   { 0x2E80, 0x303E },
    { 0x3041, 0x33FF },   { 0x3400, 0x4DBF },   { 0x4E00, 0x9FFF },   { 0xA000, 0xA4CF },
    { 0xA960, 0xA97F },   { 0xAC00, 0xD7A3 },   { 0xF900, 0xFAFF },   { 0xFE10, 0xFE19 },
    { 0xFE30, 0xFE6F },   { 0xFF00, 0xFF60 },   { 0xFFE0, 0xFFE6 },   { 0x16FE0, 0x16FE4 },
    { 0x17000, 0x18CFF }, { 0x1B000, 0x1B2FF }, { 0x1F004, 0x1F004 }, { 0x1F0CF, 0x1F0CF },
    { 0x1F18E, 0x1F18E }, { 0x1F191, 0x1F19A }, { 0x1F200, 0x1F251 }, { 0x1F300, 0x1F64F },
    { 0x1F680, 0x1F6FF }, { 0x1F7E0, 0x1F7EB }, { 0x1F90C, 0x1F9FF }, { 0x1FA70, 0x1FAFF },
    { 0x20000, 0x3FFFD },
};

static bool in(const Range *r, int n, uint32_t cp)
{
    int lo = 0, hi = n - 1;
    while (lo <= hi) { /* the tables are sorted */
        int mid = (lo + hi) / 2;
        if (cp < r[mid].lo) {
            hi = mid - 1;
        } else if (cp > r[mid].hi) {
            lo = mid + 1;
        } else {
            return true;
        }
    }
    return false;
}

int text_cp_width(uint32_t cp)
{
    if (cp < 0x300) {
        return 1;
    }
    if (in(ZERO, (int)(sizeof ZERO / sizeof *ZERO), cp)) {
        return 0;
    }
    return in(WIDE, (int)(sizeof WIDE / sizeof *WIDE), cp) ? 2 : 1;
}

uint32_t text_next_cp(const char **pp)
{
    const unsigned char *p = (const unsigned char *)*pp;
    int extra = p[0] < 0x80 ? 0 : (p[0] & 0xE0) == 0xC0 ? 1 : (p[0] & 0xF0) == 0xE0 ? 2 : (p[0] & 0xF8) == 0xF0 ? 3 : -1;
    if (extra < 0) {
        *pp += 1;
        return 0xFFFD;
    }
    uint32_t cp = extra == 0 ? p[0] : (uint32_t)(p[0] & (0x3F >> extra));
    for (int i = 1; i <= extra; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *pp += i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (p[i] & 0x3Fu);
    }
    *pp += extra + 1;
    return cp;
}

int text_width(const char *utf8)
{
    int n = 0;
    while (*utf8 != '\0') {
        n += text_cp_width(text_next_cp(&utf8));
    }
    return n;
}

bool text_breaks_after(uint32_t cp)
{
    return text_cp_width(cp) == 2;
}

bool text_may_start_line(uint32_t cp)
{
    static const uint32_t CLOSING[] = {
        0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF01, /* 、 。 ， ． ： ； ？ ！ */
        0xFF09, 0x300D, 0x300F, 0x3009, 0x300B, 0x3011, 0x3015, 0xFF3D, 0xFF5D, /* ） 」 』 〉 》 】 〕 ］ ｝ */
        ',', '.', ';', ':', '!', '?', ')', ']', '}',
    };
    for (size_t k = 0; k < sizeof CLOSING / sizeof CLOSING[0]; k++) {
        if (cp == CLOSING[k]) {
            return false;
        }
    }
    return true;
}
