// SPDX-License-Identifier: GPL-2.0
/*
 * The settings table (settings.h): module parameters, the hooks run on a
 * change, and the first values of each namespace.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/stringify.h>

#include "tcpcrypt.h"
#include "settings.h"
#include "sesscache.h"

#define TCPCRYPT_NUM_DESC(name, attr, type, min, max, def)		\
	[TCPCRYPT_SET_##name] = { #name, (min), (max) },
const struct tcpcrypt_num_desc tcpcrypt_num_settings[] = {
	TCPCRYPT_NUM_SETTINGS(TCPCRYPT_NUM_DESC)
};
#undef TCPCRYPT_NUM_DESC

#define TCPCRYPT_TEXT_DESC(name, attr)					\
	[TCPCRYPT_SET_##name] = { #name, tcpcrypt_##name##_show,	\
				  tcpcrypt_##name##_store },
const struct tcpcrypt_text_desc tcpcrypt_text_settings[] = {
	TCPCRYPT_TEXT_SETTINGS(TCPCRYPT_TEXT_DESC)
};
#undef TCPCRYPT_TEXT_DESC

/*
 * What a change does besides storing the value. Lowering a bound of the
 * session cache drops at once what now exceeds it, so that no secret
 * stays cached longer than it may.
 */
static void tcpcrypt_setting_cache_changed(struct tcpcrypt_net *tn)
{
	tcpcrypt_cache_expire(tn);
}

static void (*const tcpcrypt_setting_hooks[TCPCRYPT_NUM_SETTINGS_COUNT])(struct tcpcrypt_net *tn) = {
	[TCPCRYPT_SET_cache_max] = tcpcrypt_setting_cache_changed,
	[TCPCRYPT_SET_cache_lifetime] = tcpcrypt_setting_cache_changed,
};

/* The initial namespace's values; later namespaces copy its settings. */
#define TCPCRYPT_NUM_PARAM(name, attr, type, min, max, def)		\
	unsigned int tcpcrypt_param_##name __read_mostly = (def);	\
	module_param_named(name, tcpcrypt_param_##name, uint, 0444);	\
	MODULE_PARM_DESC(name, "Initial " #name " of the initial network namespace, " \
			 __stringify(min) " to " __stringify(max)	\
			 " (default: " __stringify(def) "); see the sysctl");
TCPCRYPT_NUM_SETTINGS(TCPCRYPT_NUM_PARAM)
#undef TCPCRYPT_NUM_PARAM

#define TCPCRYPT_TEXT_PARAM(name, attr)					\
	static char *tcpcrypt_param_##name;				\
	module_param_named(name, tcpcrypt_param_##name, charp, 0444);	\
	MODULE_PARM_DESC(name, "Initial " #name " of the initial network namespace, as its sysctl spells it (default: built in)");
TCPCRYPT_TEXT_SETTINGS(TCPCRYPT_TEXT_PARAM)
#undef TCPCRYPT_TEXT_PARAM

static char **const tcpcrypt_text_params[TCPCRYPT_TEXT_SETTINGS_COUNT] = {
#define TCPCRYPT_TEXT_PARAM_REF(name, attr)				\
	[TCPCRYPT_SET_##name] = &tcpcrypt_param_##name,
	TCPCRYPT_TEXT_SETTINGS(TCPCRYPT_TEXT_PARAM_REF)
#undef TCPCRYPT_TEXT_PARAM_REF
};

/* Deprecated spelling of enabled: 0 here switches tcpcrypt off too. */
static bool tcpcrypt_param_enable __read_mostly = true;
module_param_named(enable, tcpcrypt_param_enable, bool, 0444);
MODULE_PARM_DESC(enable, "Deprecated: use enabled");

u32 tcpcrypt_setting_get(const struct tcpcrypt_net *tn,
			 enum tcpcrypt_num_setting s)
{
	switch (s) {
#define TCPCRYPT_NUM_GET(name, ...)					\
	case TCPCRYPT_SET_##name:					\
		return READ_ONCE(tn->name);
	TCPCRYPT_NUM_SETTINGS(TCPCRYPT_NUM_GET)
#undef TCPCRYPT_NUM_GET
	default:
		return 0;
	}
}

void tcpcrypt_setting_set(struct tcpcrypt_net *tn, enum tcpcrypt_num_setting s,
			  u32 val)
{
	switch (s) {
#define TCPCRYPT_NUM_SET(name, ...)					\
	case TCPCRYPT_SET_##name:					\
		WRITE_ONCE(tn->name, val);				\
		break;
	TCPCRYPT_NUM_SETTINGS(TCPCRYPT_NUM_SET)
#undef TCPCRYPT_NUM_SET
	default:
		return;
	}
	if (tcpcrypt_setting_hooks[s])
		tcpcrypt_setting_hooks[s](tn);
}

static const unsigned int *tcpcrypt_num_params[TCPCRYPT_NUM_SETTINGS_COUNT] = {
#define TCPCRYPT_NUM_PARAM_REF(name, ...)				\
	[TCPCRYPT_SET_##name] = &tcpcrypt_param_##name,
	TCPCRYPT_NUM_SETTINGS(TCPCRYPT_NUM_PARAM_REF)
#undef TCPCRYPT_NUM_PARAM_REF
};

/* The initial namespace: the module parameters, each checked. */
static int tcpcrypt_settings_from_params(struct tcpcrypt_net *tn)
{
	unsigned int i;
	char *s;
	int err;

	for (i = 0; i < TCPCRYPT_NUM_SETTINGS_COUNT; i++) {
		const struct tcpcrypt_num_desc *d = &tcpcrypt_num_settings[i];
		unsigned int v = *tcpcrypt_num_params[i];

		if (v < d->min || v > d->max) {
			pr_err("module parameter %s=%u out of range (valid: %u to %u)\n",
			       d->name, v, d->min, d->max);
			return -EINVAL;
		}
		tcpcrypt_setting_set(tn, i, v);
	}
	if (!tcpcrypt_param_enable)
		tcpcrypt_setting_set(tn, TCPCRYPT_SET_enabled, 0);
	/* In table order: legacy after suites, as it edits them. */
	for (i = 0; i < TCPCRYPT_TEXT_SETTINGS_COUNT; i++) {
		const struct tcpcrypt_text_desc *d = &tcpcrypt_text_settings[i];

		if (!*tcpcrypt_text_params[i])
			continue;
		s = kstrdup(*tcpcrypt_text_params[i], GFP_KERNEL);
		if (!s)
			return -ENOMEM;
		err = d->store(tn, strim(s));
		kfree(s);
		if (err) {
			pr_err("module parameter %s=\"%s\" refused: %d (see the sysctl's syntax)\n",
			       d->name, *tcpcrypt_text_params[i], err);
			return err;
		}
	}
	return 0;
}

/* Any other namespace: the initial namespace's settings at this moment. */
static int tcpcrypt_settings_inherit(struct tcpcrypt_net *tn,
				     struct tcpcrypt_net *from)
{
	char *want, *have;
	unsigned int i;
	int err = 0;

	for (i = 0; i < TCPCRYPT_NUM_SETTINGS_COUNT; i++)
		tcpcrypt_setting_set(tn, i, tcpcrypt_setting_get(from, i));
	want = kvmalloc(TCPCRYPT_TEXT_MAX, GFP_KERNEL);
	have = kvmalloc(TCPCRYPT_TEXT_MAX, GFP_KERNEL);
	if (!want || !have) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < TCPCRYPT_TEXT_SETTINGS_COUNT && !err; i++) {
		const struct tcpcrypt_text_desc *d = &tcpcrypt_text_settings[i];

		err = d->show(from, want, TCPCRYPT_TEXT_MAX);
		if (!err)
			err = d->show(tn, have, TCPCRYPT_TEXT_MAX);
		/* Only what differs: replacing a list waits for RCU. */
		if (!err && strcmp(want, have))
			err = d->store(tn, want);
	}
out:
	kvfree(want);
	kvfree(have);
	return err;
}

int tcpcrypt_settings_init(struct tcpcrypt_net *tn)
{
	if (net_eq(tn->net, &init_net))
		return tcpcrypt_settings_from_params(tn);
	return tcpcrypt_settings_inherit(tn, tcpcrypt_pernet(&init_net));
}
