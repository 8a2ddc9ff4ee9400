// SPDX-License-Identifier: GPL-2.0
/*
 * keylog=1, a debugging aid only: log each session's secrets to the
 * kernel log, in the "name hex" blocks of the reference daemon's key logs,
 * so that an independent checker can verify captures of this module's
 * connections (and of connections with tcpcryptd v0.2). Anyone who can
 * read the kernel log can then decrypt those connections.
 */
/* Its own prefix: keylog lines are parsed by tools. */
#undef pr_fmt
#define pr_fmt(fmt) "tcpcrypt-keylog: " fmt

#include <linux/module.h>
#include <linux/atomic.h>
#include <linux/slab.h>

#include "engine.h"
#include "proto/keysched.h"

bool tcpcrypt_param_keylog;
module_param_named(keylog, tcpcrypt_param_keylog, bool, 0600);
MODULE_PARM_DESC(keylog,
		 "Debugging only: log every session's secrets to the kernel log, in the reference daemon's key-log format (default: 0)");

static atomic_t tcpcrypt_keylog_seq = ATOMIC_INIT(0);

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
	int n = atomic_inc_return(&tcpcrypt_keylog_seq);
	u32 i1 = conn->init1_len, i2 = conn->init2_len;
	u8 spec[3];

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
	int n = atomic_inc_return(&tcpcrypt_keylog_seq);

	tcpcrypt_keylog_head(conn, n, true, 0, 0);
	tcpcrypt_keylog_tail(conn, n);
}
