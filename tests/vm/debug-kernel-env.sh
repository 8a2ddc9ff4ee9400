# SPDX-License-Identifier: GPL-2.0
# Sourced: where the debug kernel for the current source version and
# config fragment lives. Sets DEBUG_SERIES (it is built from Debian's
# linux-source-$DEBUG_SERIES, the release the fragment is written for),
# DEBUG_CACHE, DEBUG_DIR, DEBUG_STAMP, DEBUG_FRAGMENT.
DEBUG_SERIES=6.12
DEBUG_FRAGMENT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/debug-kernel.config
DEBUG_CACHE=${TCPCRYPT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tcpcrypt}/debug-kernel
_srcver=$(dpkg-query -W -f='${Version}' linux-source-$DEBUG_SERIES 2>/dev/null || echo none)
_cfghash=$(sha256sum "$DEBUG_FRAGMENT" | cut -c1-12)
DEBUG_DIR=$DEBUG_CACHE/$DEBUG_SERIES-$_srcver-$_cfghash
DEBUG_STAMP=$DEBUG_DIR/built
