/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the handshake's files share (handshake.c, hs_input.c, hs_output.c,
 * keying.c); the rest of the module sees only engine.h's entry points.
 */
#ifndef _TCPCRYPT_HANDSHAKE_H
#define _TCPCRYPT_HANDSHAKE_H

#include "engine.h"
#include "proto/tcpopt.h"
#include "proto/init_msg.h"

struct tcpcrypt_cached;

/* The largest INIT message either side takes or builds. */
#define TCPCRYPT_INIT_MAX	(TCPCRYPT_INIT1_HDR_LEN + 4 * TCPCRYPT_SYM_MAX + \
				 64 + TCPCRYPT_INIT_KEY_MAX)

bool tcpcrypt_hs_pk_usable(struct tcpcrypt_net *tn, u32 id);
void tcpcrypt_hs_uncount(struct tcpcrypt_conn *conn);
bool __tcpcrypt_hs_move(struct tcpcrypt_conn *conn,
			enum tcpcrypt_state from, enum tcpcrypt_state to);
bool __tcpcrypt_hs_move_failed(struct tcpcrypt_conn *conn);
void tcpcrypt_hs_entered(struct tcpcrypt_conn *conn,
			 enum tcpcrypt_state state);
bool tcpcrypt_hs_move(struct tcpcrypt_conn *conn,
		      enum tcpcrypt_state from, enum tcpcrypt_state to);
unsigned int tcpcrypt_hs_fail(struct tcpcrypt_conn *conn,
			      enum tcpcrypt_stat why);
int tcpcrypt_hs_make_rst(struct tcpcrypt_pkt *p);
unsigned int tcpcrypt_hs_refuse(struct tcpcrypt_conn *conn,
				struct tcpcrypt_pkt *p);
unsigned int tcpcrypt_hs_plain(struct tcpcrypt_conn *conn,
			       struct tcpcrypt_pkt *p,
			       enum tcpcrypt_stat why);
bool tcpcrypt_hs_may_cache(struct tcpcrypt_net *tn,
			   const struct tcpcrypt_sockopts *o);
void tcpcrypt_hs_take_cached(struct tcpcrypt_conn *conn,
			     struct tcpcrypt_cached *c);
void tcpcrypt_hs_done(struct tcpcrypt_conn *conn);
bool tcpcrypt_hs_resumed(struct tcpcrypt_conn *conn,
			 enum tcpcrypt_state from);
int tcpcrypt_hs_install_keys(struct tcpcrypt_conn *conn);
int tcpcrypt_hs_resume_keys(struct tcpcrypt_conn *conn);
int tcpcrypt_hs_crypt_opt(const struct tcpcrypt_pkt *p,
			  struct tcpcrypt_crypt_opt *co);
bool tcpcrypt_hs_skipped(struct tcpcrypt_net *tn, const struct tcpcrypt_pkt *p);
bool tcpcrypt_hs_admit(struct tcpcrypt_net *tn);
struct tcpcrypt_conn *tcpcrypt_hs_create(struct tcpcrypt_net *tn,
					 const struct tcpcrypt_pkt *p,
					 bool out);

#endif /* _TCPCRYPT_HANDSHAKE_H */
