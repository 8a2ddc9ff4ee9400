// SPDX-License-Identifier: LGPL-2.1
/*
 * libtcpcrypt: cipher names and hex formatting, no sockets involved (the
 * host-side unit test covers this file).
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "libtcpcrypt.h"

struct tc_name {
	uint32_t id;
	const char *name;
};

/* The kernel's names, from the uapi header's tables. */
#define TC_NAME(id, name)	{ id, name },
static const struct tc_name pubkeys[] = {
	TCP_CRYPT_PK_NAMES(TC_NAME)
};

static const struct tc_name suites[] = {
	TCP_CRYPT_SYM_NAMES(TC_NAME)
};
#undef TC_NAME

#define NAMES(t)	(t), sizeof(t) / sizeof((t)[0])

static const char *name_of(const struct tc_name *t, size_t n, uint32_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].id == id)
			return t[i].name;
	errno = EINVAL;
	return NULL;
}

static uint32_t id_of(const struct tc_name *t, size_t n, const char *name)
{
	size_t i;

	for (i = 0; name && i < n; i++)
		if (!strcmp(t[i].name, name))
			return t[i].id;
	errno = EINVAL;
	return 0;
}

const char *tcpcrypt_pubkey_name(uint32_t id)
{
	return name_of(NAMES(pubkeys), id);
}

const char *tcpcrypt_suite_name(uint32_t id)
{
	return name_of(NAMES(suites), id);
}

uint32_t tcpcrypt_pubkey_id(const char *name)
{
	return id_of(NAMES(pubkeys), name);
}

uint32_t tcpcrypt_suite_id(const char *name)
{
	return id_of(NAMES(suites), name);
}

int tcpcrypt_format_hex(const uint8_t *bytes, size_t n, char *buf, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	if (!bytes || !buf) {
		errno = EINVAL;
		return -1;
	}
	/* n > (len - 1) / 2 also catches 2 * n overflowing. */
	if (!len || n > (len - 1) / 2 || n > INT_MAX / 2) {
		errno = ERANGE;
		return -1;
	}
	for (i = 0; i < n; i++) {
		buf[2 * i] = digits[bytes[i] >> 4];
		buf[2 * i + 1] = digits[bytes[i] & 0xf];
	}
	buf[2 * n] = '\0';
	return (int)(2 * n);
}
