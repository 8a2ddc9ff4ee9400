// SPDX-License-Identifier: GPL-2.0
/*
 * Per-namespace settings under /proc/sys/net/tcpcrypt/, one sysctl per
 * entry of the settings table (settings.h), and the text forms of the
 * settings with a syntax of their own. They apply to new connections.
 */
#include <linux/slab.h>
#include <linux/sysctl.h>
#include <linux/bitmap.h>
#include <linux/string.h>
#include <net/net_namespace.h>

#include "tcpcrypt.h"
#include "config.h"
#include "exclude.h"
#include "netlink.h"
#include "settings.h"
#include "proto/wire.h"

static const struct {
	u16 cmode;
	const char *name;
} tcpcrypt_cmode_names[] = {
#define TCPCRYPT_CMODE_NAME(mode, name) { mode, name },
	TCP_CRYPT_CMODE_NAMES(TCPCRYPT_CMODE_NAME)
#undef TCPCRYPT_CMODE_NAME
};

const char *tcpcrypt_cmode_name(u16 cmode)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tcpcrypt_cmode_names); i++)
		if (tcpcrypt_cmode_names[i].cmode == cmode)
			return tcpcrypt_cmode_names[i].name;
	return NULL;
}

/*
 * default_cmode: the mode of sockets that choose none, by name. Names
 * rather than numbers: TCP_CRYPT_CMODE_NK is a bit, and 257 says nothing.
 */
int tcpcrypt_default_cmode_show(struct tcpcrypt_net *tn, char *buf, size_t len)
{
	strscpy(buf, tcpcrypt_cmode_name(READ_ONCE(tn->default_cmode)) ?: "?", len);
	return 0;
}

int tcpcrypt_default_cmode_store(struct tcpcrypt_net *tn, char *s)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tcpcrypt_cmode_names); i++) {
		if (!strcmp(s, tcpcrypt_cmode_names[i].name)) {
			WRITE_ONCE(tn->default_cmode, tcpcrypt_cmode_names[i].cmode);
			return 0;
		}
	}
	return -EINVAL;
}

/* Shared with netlink: the map is replaced whole, readers use RCU. */
void tcpcrypt_exclude_ports_replace(struct tcpcrypt_net *tn,
				    unsigned long *bits)
{
	mutex_lock(&tn->cfg_lock);
	bits = rcu_replace_pointer(tn->exclude_ports, bits,
				   lockdep_is_held(&tn->cfg_lock));
	mutex_unlock(&tn->cfg_lock);
	synchronize_rcu();
	bitmap_free(bits);
}

/*
 * exclude_ports: a list such as "22,8000-8099"; a connection whose local
 * or remote port is listed stays plain. An empty string clears it.
 */
int tcpcrypt_exclude_ports_show(struct tcpcrypt_net *tn, char *buf, size_t len)
{
	const unsigned long *bits;

	mutex_lock(&tn->cfg_lock);
	bits = rcu_dereference_protected(tn->exclude_ports,
					 lockdep_is_held(&tn->cfg_lock));
	if (bits)
		scnprintf(buf, len, "%*pbl", 65536, bits);
	else
		buf[0] = '\0';
	mutex_unlock(&tn->cfg_lock);
	return 0;
}

int tcpcrypt_exclude_ports_store(struct tcpcrypt_net *tn, char *s)
{
	unsigned long *bits;
	int err;

	bits = bitmap_zalloc(65536, GFP_KERNEL);
	if (!bits)
		return -ENOMEM;
	err = bitmap_parselist(s, bits, 65536);
	if (err) {
		bitmap_free(bits);
		return err;
	}
	if (bitmap_empty(bits, 65536)) {
		bitmap_free(bits);
		bits = NULL;
	}
	tcpcrypt_exclude_ports_replace(tn, bits);
	return 0;
}

/*
 * pubkeys ("p256 x25519") and suites ("chacha20 aes128"): what the
 * namespace negotiates, in order. Unknown or repeated names: -EINVAL.
 */
static int tcpcrypt_cfg_show(struct tcpcrypt_net *tn, char *buf, size_t len,
			     bool sym)
{
	const struct tcpcrypt_cfg *cfg;

	rcu_read_lock();
	cfg = tcpcrypt_cfg_get(tn);
	if (sym)
		tcpcrypt_cfg_format(buf, len, cfg->sym, cfg->nsym, true);
	else
		tcpcrypt_cfg_format(buf, len, cfg->pk, cfg->npk, false);
	rcu_read_unlock();
	return 0;
}

static int tcpcrypt_cfg_store(struct tcpcrypt_net *tn, const char *s, bool sym)
{
	u32 ids[TCPCRYPT_CFG_MAX];
	int n = tcpcrypt_cfg_parse(s, sym, ids, ARRAY_SIZE(ids));

	if (n < 0)
		return n;
	return sym ? tcpcrypt_cfg_set_sym(tn, ids, n) :
		     tcpcrypt_cfg_set_pk(tn, ids, n);
}

int tcpcrypt_pubkeys_show(struct tcpcrypt_net *tn, char *buf, size_t len)
{
	return tcpcrypt_cfg_show(tn, buf, len, false);
}

int tcpcrypt_pubkeys_store(struct tcpcrypt_net *tn, char *s)
{
	return tcpcrypt_cfg_store(tn, s, false);
}

int tcpcrypt_suites_show(struct tcpcrypt_net *tn, char *buf, size_t len)
{
	return tcpcrypt_cfg_show(tn, buf, len, true);
}

int tcpcrypt_suites_store(struct tcpcrypt_net *tn, char *s)
{
	return tcpcrypt_cfg_store(tn, s, true);
}

/* legacy: 1 while the suites list aes128; writing adds or removes it. */
int tcpcrypt_legacy_show(struct tcpcrypt_net *tn, char *buf, size_t len)
{
	bool on;

	rcu_read_lock();
	on = tcpcrypt_cfg_has_sym(tcpcrypt_cfg_get(tn), TCPCRYPT_SYM_AES128_HMAC);
	rcu_read_unlock();
	strscpy(buf, on ? "1" : "0", len);
	return 0;
}

int tcpcrypt_legacy_store(struct tcpcrypt_net *tn, char *s)
{
	bool on;

	if (kstrtobool(s, &on))
		return -EINVAL;
	return tcpcrypt_cfg_set_legacy(tn, on);
}

/* A numeric setting: checked against its range, stored with its hook. */
static int tcpcrypt_sysctl_num(tcpcrypt_ctl_table *table, int write,
			       void *buffer, size_t *lenp, loff_t *ppos)
{
	const struct tcpcrypt_num_desc *d = table->extra2;
	enum tcpcrypt_num_setting s = d - tcpcrypt_num_settings;
	struct tcpcrypt_net *tn = table->extra1;
	unsigned int val = tcpcrypt_setting_get(tn, s);
	struct ctl_table t = *table;
	int err;

	t.data = &val;
	t.maxlen = sizeof(val);
	t.extra1 = (void *)&d->min;
	t.extra2 = (void *)&d->max;
	err = proc_douintvec_minmax(&t, write, buffer, lenp, ppos);
	if (write && !err)
		tcpcrypt_setting_set(tn, s, val);
	return err;
}

/* A setting with a syntax of its own; one write replaces it whole. */
static int tcpcrypt_sysctl_text(tcpcrypt_ctl_table *table, int write,
				void *buffer, size_t *lenp, loff_t *ppos)
{
	const struct tcpcrypt_text_desc *d = table->extra2;
	struct tcpcrypt_net *tn = table->extra1;
	struct ctl_table t = *table;
	char *buf;
	int err;

	if (write) {
		if (*ppos)
			return -EINVAL;
		buf = kmemdup_nul(buffer, *lenp, GFP_KERNEL);
		if (!buf)
			return -ENOMEM;
		err = d->store(tn, strim(buf));
		kfree(buf);
		if (!err)
			*ppos += *lenp;
		return err;
	}
	buf = kvmalloc(TCPCRYPT_TEXT_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	err = d->show(tn, buf, TCPCRYPT_TEXT_MAX);
	if (!err) {
		t.data = buf;
		t.maxlen = TCPCRYPT_TEXT_MAX;
		err = proc_dostring(&t, 0, buffer, lenp, ppos);
	}
	kvfree(buf);
	return err;
}

#define TCPCRYPT_SYSCTL_COUNT \
	(TCPCRYPT_NUM_SETTINGS_COUNT + TCPCRYPT_TEXT_SETTINGS_COUNT)

int tcpcrypt_sysctl_init(struct tcpcrypt_net *tn)
{
	struct ctl_table *t;
	unsigned int i, n = 0;

	/* One more, zeroed: the end of the table for kernels that want it. */
	t = kcalloc(TCPCRYPT_SYSCTL_COUNT + 1, sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	for (i = 0; i < TCPCRYPT_NUM_SETTINGS_COUNT; i++, n++) {
		t[n].procname = tcpcrypt_num_settings[i].name;
		t[n].maxlen = sizeof(unsigned int);
		t[n].mode = 0644;
		t[n].proc_handler = tcpcrypt_sysctl_num;
		t[n].extra1 = tn;
		t[n].extra2 = (void *)&tcpcrypt_num_settings[i];
	}
	for (i = 0; i < TCPCRYPT_TEXT_SETTINGS_COUNT; i++, n++) {
		t[n].procname = tcpcrypt_text_settings[i].name;
		t[n].maxlen = TCPCRYPT_TEXT_MAX;
		t[n].mode = 0644;
		t[n].proc_handler = tcpcrypt_sysctl_text;
		t[n].extra1 = tn;
		t[n].extra2 = (void *)&tcpcrypt_text_settings[i];
	}
	tn->sysctl = tcpcrypt_register_net_sysctl(tn->net, "net/tcpcrypt", t, n);
	if (!tn->sysctl) {
		kfree(t);
		return -ENOMEM;
	}
	return 0;
}

void tcpcrypt_sysctl_exit(struct tcpcrypt_net *tn)
{
	const struct ctl_table *t = tn->sysctl->ctl_table_arg;

	unregister_net_sysctl_table(tn->sysctl);
	kfree(t);
}

bool tcpcrypt_port_excluded(struct tcpcrypt_net *tn, __be16 a, __be16 b)
{
	const unsigned long *bits = rcu_dereference(tn->exclude_ports);

	return bits && (test_bit(ntohs(a), bits) || test_bit(ntohs(b), bits));
}
