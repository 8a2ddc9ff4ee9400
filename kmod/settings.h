/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-namespace settings as one table (settings.c): the uapi's
 * TCPCRYPT_NUM_SETTINGS and TCPCRYPT_TEXT_SETTINGS generate the sysctls,
 * the module parameters, the initial values of a namespace, and the
 * netlink policy, get and set (netlink.c). Every change of a numeric
 * setting goes through tcpcrypt_setting_set(), which runs its hook.
 */
#ifndef _TCPCRYPT_SETTINGS_H
#define _TCPCRYPT_SETTINGS_H

#include <linux/types.h>
#include <linux/tcpcrypt.h>

struct tcpcrypt_net;

#define TCPCRYPT_SETTING_ENUM(name, ...) TCPCRYPT_SET_##name,
enum tcpcrypt_num_setting {
	TCPCRYPT_NUM_SETTINGS(TCPCRYPT_SETTING_ENUM)
	TCPCRYPT_NUM_SETTINGS_COUNT
};

enum tcpcrypt_text_setting {
	TCPCRYPT_TEXT_SETTINGS(TCPCRYPT_SETTING_ENUM)
	TCPCRYPT_TEXT_SETTINGS_COUNT
};
#undef TCPCRYPT_SETTING_ENUM

/* Built-in default of a numeric setting, by name: TCPCRYPT_DEFAULT(cache_max). */
#define TCPCRYPT_DEFAULT(name)	tcpcrypt_default_##name
#define TCPCRYPT_SETTING_DEFAULT(name, attr, type, min, max, def)	\
	enum { tcpcrypt_default_##name = (def) };
TCPCRYPT_NUM_SETTINGS(TCPCRYPT_SETTING_DEFAULT)
#undef TCPCRYPT_SETTING_DEFAULT

/* The module parameter of each numeric setting (0444): init_net's value. */
#define TCPCRYPT_SETTING_PARAM_DECL(name, ...)	\
	extern unsigned int tcpcrypt_param_##name;
TCPCRYPT_NUM_SETTINGS(TCPCRYPT_SETTING_PARAM_DECL)
#undef TCPCRYPT_SETTING_PARAM_DECL

/* The current value of a numeric setting; any context. */
u32 tcpcrypt_setting_get(const struct tcpcrypt_net *tn,
			 enum tcpcrypt_num_setting s);
/*
 * Store a value already checked against the setting's range, then run
 * what a change of it needs (e.g. the session cache drops what exceeds a
 * lowered bound). Process context.
 */
void tcpcrypt_setting_set(struct tcpcrypt_net *tn, enum tcpcrypt_num_setting s,
			  u32 val);

/*
 * A namespace's first values: the module parameters for the initial
 * namespace, a copy of the initial namespace's current settings for any
 * other. -EINVAL (and a log line) for a module parameter out of range or
 * malformed. Call once the lists (config.c, exclude.c) exist.
 */
int tcpcrypt_settings_init(struct tcpcrypt_net *tn);

/* The sysctls under net/tcpcrypt, one per setting. */
int tcpcrypt_sysctl_init(struct tcpcrypt_net *tn);
void tcpcrypt_sysctl_exit(struct tcpcrypt_net *tn);

/* What the sysctls, parameters and netlink know of a numeric setting. */
struct tcpcrypt_num_desc {
	const char *name;
	unsigned int min, max;
};

/*
 * A setting with a syntax of its own, in its text form as its sysctl and
 * module parameter spell it. show writes at most len bytes and a NUL;
 * store parses a NUL-terminated string (which it may modify) and returns
 * 0 or an errno: -EINVAL for a malformed value, -ENOMEM.
 */
struct tcpcrypt_text_desc {
	const char *name;
	int (*show)(struct tcpcrypt_net *tn, char *buf, size_t len);
	int (*store)(struct tcpcrypt_net *tn, char *s);
};

extern const struct tcpcrypt_num_desc tcpcrypt_num_settings[];
extern const struct tcpcrypt_text_desc tcpcrypt_text_settings[];

/* Longest text form: an exclude_ports map of every other port. */
#define TCPCRYPT_TEXT_MAX	(256 * 1024)

/* tcpcrypt_<name>_show() and _store() of each text setting. */
#define TCPCRYPT_TEXT_DECL(name, attr)					\
	int tcpcrypt_##name##_show(struct tcpcrypt_net *tn, char *buf,	\
				   size_t len);				\
	int tcpcrypt_##name##_store(struct tcpcrypt_net *tn, char *s);
TCPCRYPT_TEXT_SETTINGS(TCPCRYPT_TEXT_DECL)
#undef TCPCRYPT_TEXT_DECL

#endif /* _TCPCRYPT_SETTINGS_H */
