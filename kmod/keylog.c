// SPDX-License-Identifier: GPL-2.0
/*
 * keylog=1, a debugging aid only: log each session's secrets to the
 * kernel log, in the "name hex" blocks of the reference daemon's key logs,
 * so that an independent checker can verify captures of this module's
 * connections (and of connections with tcpcryptd v0.2). Anyone who can
 * read the kernel log can then decrypt those connections: switching it on,
 * at load or later, warns loudly and taints the kernel (U), so that a
 * bug report from such a system says so.
 *
 * At most TCPCRYPT_KEYLOG_BURST sessions a second are logged, each as a
 * whole block; the sessions beyond are not logged at all (their
 * connections cannot be decrypted from the log), and the next block logged
 * is preceded by a line saying how many were left out.
 */
/* Its own prefix: keylog lines are parsed by tools. */
#undef pr_fmt
#define pr_fmt(fmt) "tcpcrypt-keylog: " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/atomic.h>
#include <linux/panic.h>
#include <linux/ratelimit.h>
#include <linux/slab.h>

#include "engine.h"
#include "proto/keysched.h"

bool tcpcrypt_param_keylog;

static const char *const tcpcrypt_keylog_banner[] = {
	"**********************************************************",
	"**   keylog=1: the secrets of every tcpcrypt session    **",
	"**   go to the kernel log. Anyone who can read it can   **",
	"**   decrypt these connections. Debugging only.         **",
	"**********************************************************",
};

/*
 * Off to on, by modprobe or through sysfs: say so, loudly the first time
 * (tests switch it on and off per connection), and taint. Sysfs writes
 * are serialised by the parameters' lock.
 */
static int tcpcrypt_keylog_set(const char *val, const struct kernel_param *kp)
{
	static bool warned;
	bool was = READ_ONCE(tcpcrypt_param_keylog);
	int err = param_set_bool(val, kp);
	unsigned int i;

	if (err || was || !READ_ONCE(tcpcrypt_param_keylog))
		return err;
	/* The module's prefix, not the key log's: parsers of the log skip it. */
	if (!warned)
		for (i = 0; i < ARRAY_SIZE(tcpcrypt_keylog_banner); i++)
			printk(KERN_WARNING KBUILD_MODNAME ": %s\n",
			       tcpcrypt_keylog_banner[i]);
	else
		printk(KERN_WARNING KBUILD_MODNAME ": keylog=1 again: session secrets go to the kernel log\n");
	warned = true;
	add_taint(TAINT_USER, LOCKDEP_STILL_OK);
	return 0;
}

static const struct kernel_param_ops tcpcrypt_keylog_ops = {
	.set = tcpcrypt_keylog_set,
	.get = param_get_bool,
};
module_param_cb(keylog, &tcpcrypt_keylog_ops, &tcpcrypt_param_keylog, 0600);
__MODULE_PARM_TYPE(keylog, "bool");
MODULE_PARM_DESC(keylog,
		 "Debugging only: log every session's secrets to the kernel log, in the reference daemon's key-log format; taints the kernel (default: 0)");

static atomic_t tcpcrypt_keylog_seq = ATOMIC_INIT(0);

/* Sessions a second whose secrets are logged. */
#define TCPCRYPT_KEYLOG_BURST	20

/* No message of its own at each interval: tcpcrypt_keylog_begin says it. */
static struct ratelimit_state tcpcrypt_keylog_rs = {
	.lock = __RAW_SPIN_LOCK_UNLOCKED(tcpcrypt_keylog_rs.lock),
	.interval = HZ,
	.burst = TCPCRYPT_KEYLOG_BURST,
	.flags = RATELIMIT_MSG_ON_RELEASE,
};
static atomic_t tcpcrypt_keylog_missed = ATOMIC_INIT(0);

/* May this session's block be logged? Then *n is its number. */
static bool tcpcrypt_keylog_begin(int *n)
{
	int missed;

	if (!__ratelimit(&tcpcrypt_keylog_rs)) {
		atomic_inc(&tcpcrypt_keylog_missed);
		return false;
	}
	missed = atomic_xchg(&tcpcrypt_keylog_missed, 0);
	/* Not a key-log line: the module's own prefix, which parsers skip. */
	if (missed)
		printk(KERN_INFO KBUILD_MODNAME ": keylog: %d session(s) not logged (rate limit)\n",
		       missed);
	*n = atomic_inc_return(&tcpcrypt_keylog_seq);
	return true;
}

/*
 * %*ph stops at 64 bytes; INIT messages are longer, and logged only from
 * the full handshake's process context. Keys and addresses need no buffer,
 * so a resumed session (keyed in softirq) is logged without allocating.
 */
static void tcpcrypt_keylog_hex(const char *name, const void *p, size_t len)
{
	char *hex;

	if (len <= 64) {
		pr_info("%s %*phN\n", name, (int)len, p);
		return;
	}
	hex = kmalloc(2 * len + 1, GFP_KERNEL);
	if (!hex)
		return;
	*bin2hex(hex, p, len) = '\0';
	pr_info("%s %s\n", name, hex);
	kfree_sensitive(hex);
}

static void tcpcrypt_keylog_u32(const char *name, u32 v)
{
	pr_info("%s %08x\n", name, v);
}

/* Who and where: the lines every block starts with. */
static void tcpcrypt_keylog_head(const struct tcpcrypt_conn *conn, int n,
				 bool resumed, u32 seq_off, u32 rseq_off)
{
	const struct tcpcrypt_conn_key *k = &conn->key;
	unsigned int alen = k->family == AF_INET ? 4 : 16;
	u8 spec[4];

	pr_info("conn %08x\n", n);
	tcpcrypt_keylog_hex("local_ip", k->laddr, alen);
	tcpcrypt_keylog_hex("local_port", &k->lport, 2);
	tcpcrypt_keylog_hex("peer_ip", k->raddr, alen);
	tcpcrypt_keylog_hex("peer_port", &k->rport, 2);
	tcpcrypt_keylog_u32("role", conn->is_client ? 1 : 2);
	tcpcrypt_keylog_u32("resumed", resumed);
	tcpcrypt_keylog_u32("app_support", conn->sess.app);
	tcpcrypt_keylog_u32("isn", conn->isn_local);
	tcpcrypt_keylog_u32("isn_peer", conn->isn_peer);
	tcpcrypt_keylog_u32("seq_off", seq_off);
	tcpcrypt_keylog_u32("rseq_off", rseq_off);
	tcpcrypt_put_be32(spec, conn->sym);
	tcpcrypt_keylog_hex("sym_cipher", spec, 4);
}

/* The session's keys and both directions' keys derived from them. */
static void tcpcrypt_keylog_tail(const struct tcpcrypt_conn *conn, int n)
{
	struct tcpcrypt_dir_secrets d;
	int server;

	tcpcrypt_keylog_hex("sid", conn->sess.sid, TCPCRYPT_KEY_LEN);
	tcpcrypt_keylog_hex("mk", conn->sess.mk, TCPCRYPT_KEY_LEN);
	tcpcrypt_keylog_hex("nk", conn->sess.nk, TCPCRYPT_KEY_LEN);
	for (server = 0; server < 2; server++) {
		if (tcpcrypt_dir_derive(conn->sess.mk, server, &d))
			break;
		tcpcrypt_keylog_hex(server ? "K_S" : "K_C", d.k, TCPCRYPT_KEY_LEN);
		tcpcrypt_keylog_hex(server ? "enc_S" : "enc_C", d.enc, TCPCRYPT_KEY_LEN);
		tcpcrypt_keylog_hex(server ? "mac_S" : "mac_C", d.mac, TCPCRYPT_KEY_LEN);
		tcpcrypt_keylog_hex(server ? "ack_S" : "ack_C", d.ack, TCPCRYPT_KEY_LEN);
	}
	memzero_explicit(&d, sizeof(d));
	pr_info("end %08x\n", n);
}

void tcpcrypt_keylog(const struct tcpcrypt_conn *conn, const u8 *nc,
		     size_t nc_len, const u8 *pms, size_t pms_len,
		     const u8 ss[TCPCRYPT_KEY_LEN])
{
	u32 i1 = conn->init1_len, i2 = conn->init2_len;
	u8 spec[3];
	int n;

	if (!tcpcrypt_keylog_begin(&n))
		return;

	tcpcrypt_keylog_head(conn, n, false, conn->is_client ? i1 : i2,
			     conn->is_client ? i2 : i1);
	tcpcrypt_put_be24(spec, conn->pk->spec);
	tcpcrypt_keylog_hex("pub_cipher", spec, 3);
	tcpcrypt_keylog_hex("pkconf_list", conn->pkconf, conn->npk * TCPCRYPT_PKSPEC_LEN);
	tcpcrypt_keylog_hex("N_C", nc, nc_len);
	tcpcrypt_keylog_hex("PMS", pms, pms_len);
	tcpcrypt_keylog_hex("INIT1", conn->init1, conn->init1_len);
	tcpcrypt_keylog_hex("INIT2", conn->init2, conn->init2_len);
	tcpcrypt_keylog_hex("ss", ss, TCPCRYPT_KEY_LEN);
	tcpcrypt_keylog_tail(conn, n);
}

/*
 * A resumed session: no key exchange, so no PMS or INIT messages; its keys
 * come from the cached session, and its data starts right after the ISNs.
 */
void tcpcrypt_keylog_resumed(const struct tcpcrypt_conn *conn)
{
	int n;

	if (!tcpcrypt_keylog_begin(&n))
		return;
	tcpcrypt_keylog_head(conn, n, true, 0, 0);
	tcpcrypt_keylog_tail(conn, n);
}
