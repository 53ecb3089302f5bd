#include "secrets/entropy.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

#define CLASS_LOWER 1u
#define CLASS_UPPER 2u
#define CLASS_DIGIT 4u
#define CLASS_OTHER 8u

double mlr_secret__entropy(const char *s, size_t len)
{
	size_t counts[256] = { 0 };
	double h = 0.0;

	if (len == 0)
		return 0.0;
	for (size_t i = 0; i < len; i++)
		counts[(unsigned char)s[i]]++;
	for (size_t c = 0; c < 256; c++) {
		if (!counts[c])
			continue;
		double p = (double)counts[c] / (double)len;
		h -= p * log2(p);
	}
	return h;
}

unsigned mlr_secret__classes(const char *s, size_t len)
{
	unsigned classes = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'a' && c <= 'z')
			classes |= CLASS_LOWER;
		else if (c >= 'A' && c <= 'Z')
			classes |= CLASS_UPPER;
		else if (c >= '0' && c <= '9')
			classes |= CLASS_DIGIT;
		else
			classes |= CLASS_OTHER;
	}
	return classes;
}

static bool contains_ci(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= len; i++) {
		size_t k = 0;
		while (k < n && tolower((unsigned char)s[i + k]) == needle[k])
			k++;
		if (k == n)
			return true;
	}
	return false;
}

bool mlr_secret__looks_typed(const char *s, size_t len)
{
	size_t run = 1, walk = 1;

	for (size_t i = 1; i < len; i++) {
		unsigned char a = (unsigned char)s[i - 1], b = (unsigned char)s[i];
		run = (a == b) ? run + 1 : 1;
		walk = (b == a + 1) ? walk + 1 : 1;
		if (run >= 5 || walk >= 6)
			return true;
	}
	return false;
}

bool mlr_secret__looks_random(const char *s, size_t len)
{
	if (len < 8)
		return false;
	if (mlr_secret__looks_typed(s, len))
		return false;
	if (contains_ci(s, len, "example") || contains_ci(s, len, "xxxx") ||
	    contains_ci(s, len, "placeholder") || contains_ci(s, len, "your"))
		return false;
	/* A uniform draw from a 16-symbol alphabet already gives ~3.5 bits for 16+
	 * chars; person-typed strings of the same length rarely reach 3. */
	double h = mlr_secret__entropy(s, len);
	double need = len >= 20 ? 3.0 : 0.75 * log2((double)len);
	return h >= need;
}
