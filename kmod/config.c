// SPDX-License-Identifier: GPL-2.0
/* The negotiable sets of a namespace (see config.h). */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/mutex.h>

#include "tcpcrypt.h"
#include "config.h"
#include "proto/wire.h"

static const struct {
	u32 id;
	const char *name;
	bool sym;
} tcpcrypt_cfg_names[] = {
	/* The uapi's tables, which libtcpcrypt and the tools share. */
#define TCPCRYPT_PK_NAME(id, name)	{ id, name, false },
#define TCPCRYPT_SYM_NAME(id, name)	{ id, name, true },
	TCP_CRYPT_PK_NAMES(TCPCRYPT_PK_NAME)
	TCP_CRYPT_SYM_NAMES(TCPCRYPT_SYM_NAME)
#undef TCPCRYPT_PK_NAME
#undef TCPCRYPT_SYM_NAME
};

static const char *tcpcrypt_cfg_name(u32 id, bool sym)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(tcpcrypt_cfg_names); i++)
		if (tcpcrypt_cfg_names[i].id == id && tcpcrypt_cfg_names[i].sym == sym)
			return tcpcrypt_cfg_names[i].name;
	return NULL;
}

const char *tcpcrypt_pk_name(u32 id)
{
	return tcpcrypt_cfg_name(id, false);
}

const char *tcpcrypt_sym_name(u32 id)
{
	return tcpcrypt_cfg_name(id, true);
}

int tcpcrypt_cfg_parse(const char *s, bool sym, u32 *ids, unsigned int max)
{
	unsigned int n = 0;

	while (*s) {
		size_t len;
		int i;

		s += strspn(s, " ,\t\n");
		len = strcspn(s, " ,\t\n");
		if (!len)
			break;
		for (i = 0; i < ARRAY_SIZE(tcpcrypt_cfg_names); i++) {
			if (tcpcrypt_cfg_names[i].sym == sym &&
			    strlen(tcpcrypt_cfg_names[i].name) == len &&
			    !strncmp(tcpcrypt_cfg_names[i].name, s, len))
				break;
		}
		if (i == ARRAY_SIZE(tcpcrypt_cfg_names) || n == max)
			return -EINVAL;
		ids[n++] = tcpcrypt_cfg_names[i].id;
		s += len;
	}
	return n;
}

int tcpcrypt_cfg_format(char *buf, size_t len, const u32 *ids, unsigned int n,
			bool sym)
{
	size_t off = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		off += scnprintf(buf + off, len - off, "%s%s", i ? " " : "",
				 tcpcrypt_cfg_name(ids[i], sym) ?: "?");
	return off;
}

static int tcpcrypt_cfg_check(const u32 *ids, unsigned int n, bool sym)
{
	unsigned int i, j;

	if (!n || n > TCPCRYPT_CFG_MAX)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (!tcpcrypt_cfg_name(ids[i], sym))
			return -EINVAL;
		for (j = 0; j < i; j++)
			if (ids[j] == ids[i])
				return -EINVAL;
	}
	return 0;
}

const struct tcpcrypt_cfg *tcpcrypt_cfg_get(struct tcpcrypt_net *tn)
{
	return rcu_dereference(tn->cfg);
}

static int tcpcrypt_cfg_replace(struct tcpcrypt_net *tn, const u32 *ids,
				unsigned int n, bool sym)
{
	struct tcpcrypt_cfg *new, *old;
	int err = tcpcrypt_cfg_check(ids, n, sym);

	if (err)
		return err;
	new = kmalloc(sizeof(*new), GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	mutex_lock(&tn->cfg_lock);
	old = rcu_dereference_protected(tn->cfg, lockdep_is_held(&tn->cfg_lock));
	*new = *old;
	if (sym) {
		memcpy(new->sym, ids, n * sizeof(*ids));
		new->nsym = n;
	} else {
		memcpy(new->pk, ids, n * sizeof(*ids));
		new->npk = n;
	}
	rcu_assign_pointer(tn->cfg, new);
	mutex_unlock(&tn->cfg_lock);
	kfree_rcu(old, rcu);
	return 0;
}

int tcpcrypt_cfg_set_pk(struct tcpcrypt_net *tn, const u32 *ids, unsigned int n)
{
	return tcpcrypt_cfg_replace(tn, ids, n, false);
}

int tcpcrypt_cfg_set_sym(struct tcpcrypt_net *tn, const u32 *ids, unsigned int n)
{
	return tcpcrypt_cfg_replace(tn, ids, n, true);
}

bool tcpcrypt_cfg_has_sym(const struct tcpcrypt_cfg *cfg, u32 id)
{
	unsigned int i;

	for (i = 0; i < cfg->nsym; i++)
		if (cfg->sym[i] == id)
			return true;
	return false;
}

/*
 * Read, change and publish under one hold of cfg_lock, so that a
 * concurrent change of the suites (sysctl, netlink) is neither lost nor
 * overwritten with a stale list.
 */
int tcpcrypt_cfg_set_legacy(struct tcpcrypt_net *tn, bool allow)
{
	struct tcpcrypt_cfg *new, *old;
	unsigned int i, n = 0;
	int err = 0;

	new = kmalloc(sizeof(*new), GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	mutex_lock(&tn->cfg_lock);
	old = rcu_dereference_protected(tn->cfg, lockdep_is_held(&tn->cfg_lock));
	if (tcpcrypt_cfg_has_sym(old, TCPCRYPT_SYM_AES128_HMAC) == allow)
		goto unchanged;		/* already as asked */
	*new = *old;
	if (allow) {
		/* Least preferred: it is only for peers that have nothing else. */
		if (new->nsym == TCPCRYPT_CFG_MAX) {
			err = -ENOSPC;
			goto unchanged;
		}
		new->sym[new->nsym++] = TCPCRYPT_SYM_AES128_HMAC;
	} else {
		for (i = 0; i < old->nsym; i++)
			if (old->sym[i] != TCPCRYPT_SYM_AES128_HMAC)
				new->sym[n++] = old->sym[i];
		if (!n) {
			err = -EINVAL;	/* a namespace needs a suite */
			goto unchanged;
		}
		new->nsym = n;
	}
	rcu_assign_pointer(tn->cfg, new);
	mutex_unlock(&tn->cfg_lock);
	kfree_rcu(old, rcu);
	return 0;

unchanged:
	mutex_unlock(&tn->cfg_lock);
	kfree(new);
	return err;
}

int tcpcrypt_cfg_init(struct tcpcrypt_net *tn)
{
	struct tcpcrypt_cfg *cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);

	if (!cfg)
		return -ENOMEM;
	/* P-256 first: a v0.2 client reads only the first PKCONF entry. */
	cfg->pk[cfg->npk++] = TCPCRYPT_PK_P256;
	cfg->pk[cfg->npk++] = TCPCRYPT_PK_X25519;
	cfg->sym[cfg->nsym++] = TCPCRYPT_SYM_CHACHA20_HMAC;
	cfg->sym[cfg->nsym++] = TCPCRYPT_SYM_AES128_HMAC;
	RCU_INIT_POINTER(tn->cfg, cfg);
	return 0;
}

void tcpcrypt_cfg_exit(struct tcpcrypt_net *tn)
{
	kfree(rcu_dereference_protected(tn->cfg, true));
}
