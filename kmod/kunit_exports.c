// SPDX-License-Identifier: GPL-2.0
/*
 * Internal functions the KUnit test module (kunit/) calls. They are
 * exported only on kernels built with KUnit (this file is built only
 * there), into KUnit's own namespace, so nothing else comes to use them.
 */
#include <kunit/visibility.h>
#include <linux/export.h>
#include <linux/module.h>

#include "proto/crypto.h"
#include "proto/pubkey.h"
#include "proto/rsa.h"
#include "crypto_kernel.h"
#include "rsakey.h"
#include "selftest.h"
#include "skbopt.h"
#include "tcpcrypt.h"
#include "conn.h"
#include "keys.h"
#include "sesscache.h"
#include "proto/keysched.h"
#include "proto/pubkey.h"
#include "proto/init_msg.h"
#include "engine.h"

EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_sha256);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_hmac_setkey);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_hmac_vec);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_hmac_clear);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_aes128_setkey);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_aes128_encrypt);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_aes128_clear);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_chacha20_xor);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_x25519_keygen);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_x25519);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_p256_keygen);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_p256_ecdh);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_sha1_vec);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_rsa_public);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_rsa_private);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_rsa_modulus);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_rsa_priv_new);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_rsa_priv_put);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_rsa_der_parse);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_oaep_encode);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_oaep_decode);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_pubkey_rsa3);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_rsakey_init);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_rsakey_exit);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_rsakey_set);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_rsakey_clear);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_rsakey_info);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_rsakey_get);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_rsakey_put);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_wq);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_selftest);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_seg_parse);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_seg_writable_headers);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_seg_set_options);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_seg_trim_payload);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_seg_append_payload);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_seg_payload);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_seg_shift);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_seg_csum_out);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_seg_csum_in);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_seg_csum_in_done);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_icmp_parse);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_icmp_set_seq);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_stats_init);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_stats_free);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_conn_table_init);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_conn_table_exit);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_conn_create);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_conn_lookup);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_conn_unlink);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_conn_put);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_session_next);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_cache_init);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_cache_exit);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_cache_store);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_cache_take_client);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_cache_take_server);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_cache_flush);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_cache_flush_peer);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_cache_count);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_cache_expire);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_cache_test_age);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_cache_test_gc);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_pubkey_p256);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_pubkey_x25519);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_param_key_lifetime);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_keys_init);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_keys_exit);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_keys_rotate);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_ckey_use);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_ckey_get);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_ckey_try_use);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_mem_charge);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_hs_input);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_hs_output);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_in_resume);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_hs_init2_acked);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_init1_build);
EXPORT_SYMBOL_IF_KUNIT(tcpcrypt_state_names);
