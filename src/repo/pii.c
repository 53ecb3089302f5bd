#include "repo/pii.h"

#include <ctype.h>
#include <string.h>

#define MAX_NAME 96

/* "EmailAddress", "e-mail", "Phone Number" → "email_address", "e_mail", "phone_number". */
static size_t normalize(char *out, const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n && w + 2 < MAX_NAME; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isalnum(c)) {
			if (isupper(c) && i > 0 && islower((unsigned char)s[i - 1]) && w && out[w - 1] != '_')
				out[w++] = '_';
			out[w++] = (char)tolower(c);
		} else if (w && out[w - 1] != '_') {
			out[w++] = '_';
		}
	}
	while (w && out[w - 1] == '_')
		w--;
	out[w] = '\0';
	return w;
}

/* Whether the token sequence of name contains word as whole tokens ("home_address" has
 * "address"; "ip_address" has "ip_address"). */
static bool has_tokens(const char *name, const char *word)
{
	size_t wl = strlen(word);
	for (const char *p = name; (p = strstr(p, word)); p++)
		if ((p == name || p[-1] == '_') && (p[wl] == '\0' || p[wl] == '_'))
			return true;
	return false;
}

static bool any_tokens(const char *name, const char *const *words)
{
	for (size_t i = 0; words[i]; i++)
		if (has_tokens(name, words[i]))
			return true;
	return false;
}

static bool any_exact(const char *name, const char *const *words)
{
	for (size_t i = 0; words[i]; i++)
		if (!strcmp(name, words[i]))
			return true;
	return false;
}

const char *mlr_pii_column(const char *s, size_t n)
{
	char name[MAX_NAME];
	if (normalize(name, s, n) == 0)
		return NULL;
	static const char *const ip[] = { "ip", "ip_address", "ip_addr", "ipaddress", "ipv4", "ipv6", "client_ip",
		"remote_addr", "src_ip", "dst_ip", "source_ip", "user_ip", NULL };
	static const char *const email[] = { "email", "e_mail", "emailaddress", "email_address", "mail_address", NULL };
	static const char *const phone[] = { "phone", "telephone", "phone_number", "phonenumber", "mobile_number",
		"cell_phone", "cellphone", "msisdn", "fax", NULL };
	static const char *const phone_exact[] = { "tel", "mobile", "mobile_no", "phone_no", NULL };
	static const char *const national[] = { "ssn", "social_security", "social_security_number", "national_id",
		"nationalid", "national_insurance_number", "nino", "passport", "passport_number", "passport_no", "tax_id",
		"taxpayer_id", "aadhaar", "driver_license", "drivers_license", "driving_licence", "driver_licence",
		"id_number", "personal_id", "citizen_id", NULL };
	static const char *const national_exact[] = { "tin", "nid", "cpf", "bsn", "pesel", "sin_number", NULL };
	static const char *const dob[] = { "dob", "date_of_birth", "birth_date", "birthdate", "birthday",
		"dateofbirth", "birth_day", NULL };
	static const char *const address[] = { "address", "street", "street_address", "home_address", "addr",
		"address_line", "address_line_1", "address1", "address2", "postal_address", "mailing_address", NULL };
	static const char *const fullname[] = { "full_name", "fullname", "first_name", "firstname", "last_name",
		"lastname", "surname", "given_name", "family_name", "middle_name", "maiden_name", "customer_name",
		"patient_name", "person_name", "client_name", "employee_name", "user_full_name", NULL };
	static const char *const card[] = { "credit_card", "card_number", "cc_number", "creditcard", "iban",
		"bank_account", "account_number", NULL };

	if (any_exact(name, ip) || has_tokens(name, "ip_address"))
		return "IP address";
	if (any_tokens(name, email))
		return "email address";
	if (any_tokens(name, phone) || any_exact(name, phone_exact))
		return "phone number";
	if (any_tokens(name, national) || any_exact(name, national_exact))
		return "national id";
	if (any_tokens(name, dob))
		return "date of birth";
	/* "address" that is not an IP, MAC, email or wallet address */
	if (any_tokens(name, address) && !has_tokens(name, "mac") && !has_tokens(name, "wallet") &&
	    !has_tokens(name, "ip") && !has_tokens(name, "email") && !has_tokens(name, "contract"))
		return "postal address";
	if (any_tokens(name, fullname))
		return "person name";
	if (any_tokens(name, card))
		return "payment card or bank account";
	return NULL;
}

void mlr_csv_header_columns(const char *line, size_t len, mlr_pii_column_fn fn, void *payload)
{
	static const char delims[] = { '\t', ';', '|', ',' };
	size_t best = 0;
	char delim = ',';
	for (size_t d = 0; d < sizeof(delims); d++) {
		size_t count = 0;
		for (size_t i = 0; i < len; i++)
			count += line[i] == delims[d];
		if (count > best) {
			best = count;
			delim = delims[d];
		}
	}
	size_t start = 0;
	bool quoted = false;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && line[i] == '"')
			quoted = !quoted;
		if (i < len && (quoted || line[i] != delim))
			continue;
		const char *s = line + start;
		size_t n = i - start;
		while (n && (*s == ' ' || *s == '"' || *s == '\'' || *s == '\xef' || *s == '\xbb' || *s == '\xbf'))
			s++, n--;
		while (n && (s[n - 1] == ' ' || s[n - 1] == '"' || s[n - 1] == '\'' || s[n - 1] == '\r'))
			n--;
		if (n)
			fn(payload, s, n);
		start = i + 1;
	}
}
