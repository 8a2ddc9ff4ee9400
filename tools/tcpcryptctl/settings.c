// SPDX-License-Identifier: GPL-2.0
/*
 * The settings as tcpcryptctl knows them: each by its one name (the
 * sysctl's), the attribute that carries it, its kind and valid values;
 * the numeric ranges from the uapi header's TCPCRYPT_NUM_SETTINGS; and the
 * old names, accepted as deprecated aliases.
 */
#include <stdio.h>
#include <string.h>

#include "tcpcryptctl.h"

/* Every setting by its one name (the sysctl's), in the order get prints. */
const struct setting settings[] = {
	{ "enabled", TCPCRYPT_A_ENABLED, K_ONOFF, "on, off, 1, 0" },
	{ "max_conns", TCPCRYPT_A_MAX_CONNS, K_NUM, NULL },
	{ "max_handshakes", TCPCRYPT_A_MAX_HANDSHAKES, K_NUM, NULL },
	{ "pubkeys", TCPCRYPT_A_PUBKEYS, K_LIST, "p256, x25519, rsa3" },
	{ "suites", TCPCRYPT_A_SUITES, K_LIST, "chacha20, aes128" },
	{ "legacy", TCPCRYPT_A_LEGACY, K_ONOFF, "on, off, 1, 0" },
	{ "exclude_ports", TCPCRYPT_A_EXCLUDE_PORTS, K_PORTS,
	  "a list of ports 0 to 65535 and ranges such as 22,8000-8099, or none" },
	{ "exclude_addrs", TCPCRYPT_A_EXCLUDE_ADDRS, K_ADDRS,
	  "a list of addresses and prefixes such as 10.0.0.0/8,fd00::/8, or none" },
	{ "default_cmode", TCPCRYPT_A_DEFAULT_CMODE, K_CMODE,
	  "default, always, never, default-nk, always-nk, never-nk" },
	{ "key_lifetime", TCPCRYPT_A_KEY_LIFETIME, K_NUM, NULL },
	{ "key_max_uses", TCPCRYPT_A_KEY_MAX_USES, K_NUM, NULL },
	{ "cache_max", TCPCRYPT_A_CACHE_MAX, K_NUM, NULL },
	{ "cache_lifetime", TCPCRYPT_A_CACHE_LIFETIME, K_NUM, NULL },
	{ "rsa_key", TCPCRYPT_A_RSA_KEY, K_RSA, NULL },
};

const int nsettings = sizeof(settings) / sizeof(settings[0]);

/* The ranges of the numeric settings, from the uapi header's table. */
static const struct {
	int attr;
	unsigned long min, max;
} ranges[] = {
#define RANGE(name, attr, type, lo, hi, def) { TCPCRYPT_A_##attr, lo, hi },
	TCPCRYPT_NUM_SETTINGS(RANGE)
#undef RANGE
};

/* Old names, still accepted (deprecated, see tcpcryptctl(8)). */
static const struct {
	const char *alias;
	const char *name;
} aliases[] = {
	{ "max-conns", "max_conns" },
	{ "max_connections", "max_conns" },
	{ "max-handshakes", "max_handshakes" },
	{ "exclude-ports", "exclude_ports" },
	{ "exclude-addrs", "exclude_addrs" },
	{ "cmode", "default_cmode" },
	{ "key-lifetime", "key_lifetime" },
	{ "key-max-uses", "key_max_uses" },
	{ "cache-size", "cache_max" },
	{ "cache_size", "cache_max" },
	{ "cache-lifetime", "cache_lifetime" },
	{ "rsa-key", "rsa_key" },
};

/* TCP_CRYPT_CMODE_* by the names the sysctl default_cmode uses too. */
const struct cmode_name cmodes[] = {
#define CMODE_NAME(mode, name) { mode, name },
	TCP_CRYPT_CMODE_NAMES(CMODE_NAME)
#undef CMODE_NAME
};
const unsigned int ncmodes = sizeof(cmodes) / sizeof(cmodes[0]);

int range_of(int attr, unsigned long *min, unsigned long *max)
{
	unsigned int i;

	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		if (ranges[i].attr == attr) {
			*min = ranges[i].min;
			*max = ranges[i].max;
			return 0;
		}
	}
	return -1;
}

/* What a refusal of setting s names as valid. */
const char *setting_valid(int s, char *buf, size_t len)
{
	unsigned long min, max;

	if (settings[s].kind != K_NUM || range_of(settings[s].attr, &min, &max))
		return settings[s].valid;
	snprintf(buf, len, "%lu to %lu", min, max);
	return buf;
}

/* A setting by its name or an old alias of it (with a note); or -1. */
int setting_find(const char *name, const char *cmd)
{
	unsigned int j;
	int i;

	for (i = 0; i < nsettings; i++)
		if (!strcmp(name, settings[i].name))
			return i;
	for (j = 0; j < sizeof(aliases) / sizeof(aliases[0]); j++) {
		if (strcmp(name, aliases[j].alias))
			continue;
		fprintf(stderr, "tcpcryptctl %s: '%s' is deprecated, its name is '%s'\n",
			cmd, name, aliases[j].name);
		for (i = 0; i < nsettings; i++)
			if (!strcmp(aliases[j].name, settings[i].name))
				return i;
	}
	return -1;
}

/* For refusals: the setting a SET_CONFIG attribute carries. */
const char *setting_of_attr(int type)
{
	int i;

	for (i = 0; i < nsettings; i++)
		if (settings[i].attr == type)
			return settings[i].name;
	return NULL;
}

