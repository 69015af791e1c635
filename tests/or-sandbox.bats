#!/usr/bin/env bats
# or-sandbox: the hostile-program suite of sandbox.md section 4, benign
# runs, the result record, and the filter contract.  Every hostile case
# runs as the invoking user and, when that is root, again as nobody
# (setpriv).  Canaries (fake keystore, secrets in the environment, loopback
# listeners, a sentinel process and files) are checked after every test.
load helpers

HOSTILE=/opt/hostile

setup_file() {
	T=$(mktemp -d /tmp/or-sandbox-test.XXXXXX)
	chmod 755 "$T"
	mkdir "$T/hostile"
	for src in "$OR_TOP"/tests/hostile/*.c; do
		cc -O1 -Wall -pthread -o "$T/hostile/$(basename "$src" .c)" \
		    "$src" || return 1
	done
	cp "$OR_TOP"/tests/hostile/*.py "$T/hostile/"
	# a setuid-root probe: nosuid and no_new_privs must defeat it
	cp "$T/hostile/setuid" "$T/hostile/setuid-root"
	chmod 4755 "$T/hostile/setuid-root"
	USERS=$(id -un)
	if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
		USERS="root nobody"
	fi
	CGROUP=$(or-sandbox --check | jq -r .cgroup)
	# the listeners live for the whole file
	mkdir "$T/net"
	chmod 755 "$T/net"
	ABSTRACT=or-sandbox-canary-$$
	python3 "$T/hostile/listen.py" "$T/net" "$ABSTRACT" 3>&- &
	echo $! > "$T/net/pid"
	for _ in $(seq 100); do [ -f "$T/net/port" ] && break; sleep 0.05; done
	PORT=$(cat "$T/net/port")
	export T USERS CGROUP ABSTRACT PORT
}

teardown_file() {
	kill "$(cat "$T/net/pid")" 2>/dev/null || true
	rm -rf "$T"
}

setup() {
	W=$T/work.$BATS_TEST_NUMBER
	O=$T/out.$BATS_TEST_NUMBER
	mkdir -p "$W" "$O"
	chmod 777 "$O"
	chown 65534:65534 "$W" 2>/dev/null || chmod 777 "$W"
	# canaries: a home with keys, secrets in the environment
	H=$T/home
	if [ ! -d "$H" ]; then
		mkdir -p "$H/.ethereum/keystore" "$H/.foundry/keystores" "$H/.ssh"
		echo '{"crypto":"canary"}' > "$H/.ethereum/keystore/UTC--canary"
		echo canary > "$H/.foundry/keystores/canary"
		echo canary-ssh-key > "$H/.ssh/id_ed25519"
		echo 'export ETH_RPC_URL=canary' > "$H/.sethrc"
		echo canary-password > "$H/password"
		mkdir -p "$T/sentinel"
		echo sentinel > "$T/sentinel/file"
	fi
	export HOME=$H ETH_PASSWORD=$H/password
	export ETH_RPC_URL=http://127.0.0.1:9/canary-api-key OR_CANARY=secret
	SENTINEL_SUM=$(cd "$T/sentinel" && ls -A | md5sum; md5sum file)
	bash -c 'exec -a or-canary-sentinel sleep 300' 3>&- &
	SENTINEL=$!
	export W O H SENTINEL SENTINEL_SUM
}

teardown() {
	kill "$SENTINEL" 2>/dev/null || true
	# no process from any sandbox survives its run
	[ -z "$(pgrep -f "^$HOSTILE/")" ]
	# the listeners saw nothing, the sentinel files are unchanged
	[ ! -s "$T/net/log" ]
	[ "$(cd "$T/sentinel" && ls -A | md5sum; md5sum file)" = "$SENTINEL_SUM" ]
	for p in /owned /usr/owned /usr/bin/owned /etc/owned; do [ ! -e "$p" ]; done
}

# sbx ARGS...: or-sandbox as $AS (root or nobody), with the hostile
# programs bound at /opt/hostile.
sbx() {
	if [ "${AS:-root}" = nobody ] && [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups -- \
		    or-sandbox --ro-bind "$T/hostile:$HOSTILE" "$@"
	else
		or-sandbox --ro-bind "$T/hostile:$HOSTILE" "$@"
	fi
}

# each_user FUNC: run FUNC once per user in $USERS, with $AS set.
each_user() {
	for AS in $USERS; do
		export AS
		"$@" || { echo "failed as $AS" >&2; return 1; }
	done
}

# leaked_cgroups PIDFILE: run cgroups ("or-sandbox.<pid>.<n>") left by the
# exited or-sandbox runs whose pids PIDFILE lists.  Only the caller's own runs
# count: a run of a parallel test, or of another pid namespace (whose pid
# means nothing here), cannot make it fail.
leaked_cgroups() {
	local p
	while read -r p; do
		find /sys/fs/cgroup/ -maxdepth 4 -type d -name "or-sandbox.$p.*" 2>/dev/null
	done < "$1"
}

# The JSON record: the last line of $output that starts with '{'.
rec() { printf '%s\n' "$output" | grep '^{' | tail -n 1; }
runf() { rec | jq -r ".run.$1"; }

# ---------------------------------------------------------------- benign

@test "a C program runs with its arguments, stdin, exit code and output" {
	cat > "$T/hello.c" <<-'C'
	#include <stdio.h>
	int main(int argc, char **argv) {
		char line[64];
		if (fgets(line, sizeof line, stdin) == NULL) return 9;
		printf("%s %s %s", argv[1], argv[2], line);
		fprintf(stderr, "to stderr\n");
		return 7;
	}
	C
	cc -o "$W/hello" "$T/hello.c"
	echo from-stdin > "$O/in"
	go() {
		rm -f "$O/stdout.$AS" "$O/stderr.$AS"
		run sbx --workdir "$W" --stdin "$O/in" --stdout "$O/stdout.$AS" \
		    --stderr "$O/stderr.$AS" -- ./hello a 'b c'
		[ "$status" -eq 1 ] || return 1
		[ "$(runf cause)" = exit ] && [ "$(runf exit)" = 7 ] || return 1
		[ "$(cat "$O/stdout.$AS")" = "a b c from-stdin" ] || return 1
		[ "$(cat "$O/stderr.$AS")" = "to stderr" ] || return 1
		[ "$(runf stdoutBytes)" = 17 ] && [ "$(runf stderrBytes)" = 10 ]
	}
	each_user go
}

@test "a shell pipeline and a python3 script run normally" {
	printf 'import sys\nprint(sum(range(10)))\nsys.exit(3)\n' > "$W/s.py"
	go() {
		run sbx --workdir "$W" -- sh -c 'seq 1 100 | awk "{s+=\$1} END {print s}"'
		[ "$status" -eq 0 ] && [ "$(runf exit)" = 0 ] || return 1
		[[ "$output" == *5050* ]] || return 1
		[ "$(rec | jq -c .argv)" = '["sh","-c","seq 1 100 | awk \"{s+=\\$1} END {print s}\""]' ] || return 1
		command -v python3 >/dev/null || return 0
		run sbx --workdir "$W" -- python3 s.py
		[ "$status" -eq 1 ] && [ "$(runf exit)" = 3 ] && [[ "$output" == *45* ]]
	}
	each_user go
}

@test "the result record has every field of sandbox.md with its type" {
	run or-sandbox --timeout 7.5 --cpu 3 --mem 256M --pids 64 -- true
	assert_success
	r=$output
	run jq -e '.run | (.cause == "exit") and (.exit == 0) and (.signal == null)
	    and (.wallUs|type == "number") and (.userUs|type == "number")
	    and (.sysUs|type == "number") and (.maxrssKib > 0)
	    and (.stdoutBytes == 0) and (.stderrBytes == 0)
	    and (.stdoutTruncated == false) and (.stderrTruncated == false)
	    and (.workMode == "bind") and (.collected == [])
	    and (.limits == {"timeout":7.5,"cpu":3,"mem":268435456,
	        "fsize":1073741824,"tmpSize":536870912,"overlay":0,
	        "nofile":1024,"pids":64,"cpus":null})
	    and ([.cgroup, .pidsVia] | IN(["v1","cgroup"], ["v2","cgroup"], ["none","rlimit"]))' <<< "$r"
	assert_success
	run jq -r '.run|keys_unsorted|join(",")' <<< "$r"
	assert_output "cause,exit,signal,wallUs,userUs,sysUs,maxrssKib,memPeakBytes,oomKills,stdoutBytes,stderrBytes,stdoutTruncated,stderrTruncated,cgroup,workMode,pidsVia,limits,collected"
}

@test "argument mode equals the piped record, apart from measured times" {
	strip='del(.run.wallUs, .run.userUs, .run.sysUs, .run.maxrssKib, .run.memPeakBytes)'
	a=$(or-sandbox --timeout 5 -- sh -c 'exit 0' | jq -c "$strip")
	b=$(echo '{"argv":["sh","-c","exit 0"]}' | or-sandbox --timeout 5 | jq -c "$strip")
	[ -n "$a" ]
	[ "$a" = "$b" ]
	# record fields take precedence over options; unknown fields stay
	run bash -c 'printf "%s\n" "{\"x\":1,\"argv\":[\"sleep\",\"5\"],\"timeout\":0.3}" | or-sandbox -q --timeout 60'
	[ "$status" -eq 5 ]
	[ "$(jq -c '[.x, .run.cause, .run.limits.timeout]' <<< "$output")" = '[1,"wall",0.3]' ]
}

@test "records stream: bad records get errors, upstream errors pass, status is sticky" {
	run bash -c 'printf "%s\n" "{\"argv\":[\"true\"]}" "{\"argv\":[]}" "{\"argv\":[\"true\"],\"timeout\":0}" "not json" "{\"error\":{\"code\":\"x.y\"}}" "{\"argv\":[\"no-such-cmd\"]}" "{\"argv\":[\"false\"]}" | or-sandbox -q'
	[ "$status" -eq 1 ]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 7 ]
	[ "$(printf '%s\n' "$output" | jq -r '.run.exit // .error.code' | tr '\n' ' ')" = "0 sandbox.no_command sandbox.bad_field json.parse x.y sandbox.exec 1 " ]
	[ "$(printf '%s\n' "$output" | sed -n 2p | jq .error.line)" = 2 ]
	run or-sandbox -q --fail-fast -- false
	[ "$status" -eq 1 ]
}

@test "usage errors exit 2 and secrets cannot be passed with --keep-env" {
	for bad in "--timeout abc" "--timeout 0" "--net wifi" "--cgroup maybe" \
	    "--mem lots" "--keep-env ETH_RPC_URL" "--keep-env OR_CANARY" \
	    "--keep-env GITHUB_TOKEN" "--keep-env AWS_SECRET" "--keep-env API_KEY" \
	    "--keep-env DB_PASSWORD" "--setenv NOEQUALS" "--cwd /abs" "--bogus"; do
		run or-sandbox $bad -- true
		[ "$status" -eq 2 ] || { echo "accepted: $bad"; return 1; }
		[[ "$output" == *"usage: or-sandbox"* ]]
	done
}

@test "--help matches the man page, --version, write errors exit 3" {
	run sh "$OR_TOP/scripts/help-parity" or-sandbox
	assert_success
	run or-sandbox --version
	assert_output "or-sandbox 0.1.0"
	run bash -c 'or-sandbox -- true > /dev/full'
	[ "$status" -eq 3 ]
	run bash -c 'or-sandbox -- true | head -c 0'
	[ "$status" -eq 0 ]
}

@test "--check describes the host and exits 0 when usable" {
	run or-sandbox --check
	assert_success
	jq -e '(.userns == true) and (.seccomp == true) and (.kernel|type == "string")
	    and (.cgroup|IN("v2-root","v2-delegated","v1","none"))
	    and ((.cgroup != "none") or (.cgroupReason|type == "string"))' <<< "$output"
	run bash -c 'or-sandbox --check < /dev/null --bogus'
	[ "$status" -eq 2 ]
}

@test "the environment is built from scratch plus --keep-env and --setenv" {
	export KEEPME=kept
	go() {
		run sbx --keep-env KEEPME --setenv FOO=bar --setenv PATH=/usr/bin:/bin \
		    -- $HOSTILE/read-secrets
		[ "$status" -eq 0 ] || return 1
		names=$(printf '%s\n' "$output" | sed -n 's/^env \([^=]*\)=.*/\1/p' | sort | tr '\n' ' ')
		[ "$names" = "FOO HOME KEEPME LANG LC_ALL PATH PWD TMPDIR " ] || return 1
		[[ "$output" == *"env PATH=/usr/bin:/bin"* ]] || return 1
		[[ "$output" == *"env HOME=/tmp"* ]] && [[ "$output" == *"env PWD=/repo"* ]] || return 1
		[[ "$output" != *canary* ]]
	}
	each_user go
}

# --------------------------------------------------------------- hostile

@test "net-egress: no connection reaches the host's listeners, only lo exists" {
	go() {
		run sbx -- $HOSTILE/net-egress "$PORT" "$ABSTRACT"
		[ "$status" -eq 0 ] && [ "$(runf exit)" = 0 ] || return 1
		for a in "tcp 127.0.0.1" "tcp 127.0.0.2" "udp 127.0.0.1" "udp 127.0.0.2"; do
			[[ "$output" == *"$a ECONNREFUSED"* ]] || return 1
		done
		[[ "$output" == *"dns fail"* ]] && [[ "$output" == *"abstract ECONNREFUSED"* ]] || return 1
		[ "$(printf '%s\n' "$output" | grep -c '^iface')" -eq 1 ] &&
		    [[ "$output" == *"iface lo"* ]]
	}
	each_user go
	sleep 0.2
	[ ! -s "$T/net/log" ]
	# the listeners do work: the host itself reaches them
	python3 -c "import socket; socket.create_connection(('127.0.0.2', $PORT)).close()"
	sleep 0.3
	[ -s "$T/net/log" ]
	: > "$T/net/log"
}

@test "write-outside: every write outside /repo, /tmp and /dev/shm fails" {
	mkdir -p "$T/trusted"
	echo trusted-harness > "$T/trusted/h.txt"
	sum=$(md5sum < "$T/trusted/h.txt")
	go() {
		run sbx --workdir "$W" --harness "$T/trusted/h.txt:h.txt" \
		    -- $HOSTILE/write-outside /repo/h.txt
		[ "$status" -eq 0 ] && [ "$(runf exit)" = 0 ] || { echo "$output"; return 1; }
		[[ "$output" == *"create /usr/owned EROFS"* ]] &&
		    [[ "$output" == *"create /proc/sys/kernel/hostname EROFS"* ]] &&
		    [[ "$output" == *"create /repo/h.txt EROFS"* ]]
	}
	each_user go
	[ "$(md5sum < "$T/trusted/h.txt")" = "$sum" ]
	[ ! -e "$T/owned" ]
	[ "$(ls -A "$W")" = h.txt ]
}

@test "read-secrets: keys, passwords and the host home are absent (ENOENT)" {
	go() {
		run sbx -- $HOSTILE/read-secrets "$HOME/.ethereum/keystore/UTC--canary" \
		    "$HOME/.foundry/keystores/canary" "$HOME/.ssh/id_ed25519" \
		    "$HOME/.sethrc" "$ETH_PASSWORD" "$HOME" /etc/shadow /root /home \
		    /run /var/run /sys/kernel /mnt /work
		[ "$status" -eq 0 ] || return 1
		[ "$(printf '%s\n' "$output" | grep -c '^open .* ENOENT$')" -eq 14 ] || return 1
		! printf '%s\n' "$output" | grep -E '^env (ETH_|OR_|.*canary|.*http)' 
	}
	each_user go
}

@test "proc-snoop: only the sandbox's own processes are visible" {
	go() {
		run sbx -- $HOSTILE/proc-snoop or-canary- sentinel
		[ "$status" -eq 0 ] || return 1
		[[ "$output" == *"found 0"* ]] || return 1
		n=$(printf '%s\n' "$output" | sed -n 's/^procs //p')
		[ "$n" -ge 2 ] && [ "$n" -le 5 ]
	}
	each_user go
	kill -0 "$SENTINEL"
}

@test "fork-bomb: capped by the pids limit, host responsive, nothing survives" {
	go() {
		sbx -q --pids 24 --timeout 2 -- $HOSTILE/fork-bomb > "$O/rec" 2> "$O/err" &
		bg=$!
		sleep 0.7
		# the host can still fork while the bomb runs
		[ "$(sh -c 'echo alive')" = alive ] || return 1
		wait $bg
		[ $? -eq 5 ] || return 1
		jq -e '.run.cause == "wall"' "$O/rec" >/dev/null || return 1
		n=$(sed -n 's/^capped \([0-9]*\).*/\1/p' "$O/err")
		[ -n "$n" ] && [ "$n" -le 24 ] || return 1
		via=$(jq -r .run.pidsVia "$O/rec")
		if [ "$CGROUP" != none ] && [ "$AS" = root ]; then
			[ "$via" = cgroup ]
		else
			[ "$via" = rlimit ] || [ "$via" = cgroup ]
		fi
	}
	each_user go
}

@test "memory-bomb without a cgroup: allocation fails at --mem, tmpfs stops at its size" {
	go() {
		run sbx --cgroup off --mem 64M -- $HOSTILE/memory-bomb malloc
		[ "$status" -eq 0 ] && [[ "$output" == *"malloc failed after"* ]] || return 1
		[ "$(runf cgroup)" = none ] && [ "$(runf pidsVia)" = rlimit ] &&
		    [ "$(runf memPeakBytes)" = null ] || return 1
		run sbx --cgroup off --mem 64M -- $HOSTILE/memory-bomb noreserve
		[ "$status" -eq 0 ] && [[ "$output" == *"mmap failed after"* ]] || return 1
		run sbx --tmp-size 4M -- $HOSTILE/memory-bomb tmp
		[[ "$output" == *"fill /tmp/fill stopped after 4 MiB ENOSPC"* ]] || return 1
		run sbx -- $HOSTILE/memory-bomb shm
		[[ "$output" == *"fill /dev/shm/fill stopped after 64 MiB ENOSPC"* ]]
	}
	each_user go
}

@test "memory-bomb with a cgroup: cause memory, OOM kills and peak reported" {
	[ "$CGROUP" != none ] || skip "no cgroup on this host (or-sandbox --check)"
	[ "$(id -u)" -eq 0 ] || skip "the v1 cgroup needs root here"
	pids=$BATS_TEST_TMPDIR/pids
	: > "$pids"
	for mode in malloc noreserve fork; do
		# sh writes its pid, then execs or-sandbox under that same pid
		run sh -c 'echo $$ >> "$0"; exec "$@"' "$pids" \
		    or-sandbox --ro-bind "$T/hostile:$HOSTILE" --mem 48M -- $HOSTILE/memory-bomb $mode
		[ "$status" -eq 5 ] || { echo "$mode: $output"; return 1; }
		[ "$(runf cause)" = memory ]
		[ "$(runf oomKills)" -ge 1 ]
		[ "$(runf memPeakBytes)" -le $((48 * 1024 * 1024)) ]
		[ "$(runf memPeakBytes)" -ge $((40 * 1024 * 1024)) ]
	done
	# every cgroup of these three runs was removed
	[ "$(wc -l < "$pids")" -eq 3 ]
	[ -z "$(leaked_cgroups "$pids")" ]
}

@test "--cgroup require fails plainly where no cgroup is usable" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to compare"
	run setpriv --reuid=65534 --regid=65534 --clear-groups -- or-sandbox -q --cgroup require -- true
	if [ "$(setpriv --reuid=65534 --regid=65534 --clear-groups -- or-sandbox --check | jq -r .cgroup)" = none ]; then
		[ "$status" -eq 5 ]
		[ "$(rec | jq -r .error.code)" = sandbox.cgroup_required ]
	else
		[ "$status" -eq 0 ]
	fi
	[ "$CGROUP" != none ] || skip "no cgroup for root either"
	run or-sandbox --cgroup require -- true
	assert_success
}

@test "cpu-loop: killed at the CPU limit (cause cpu); spreading ends at the wall" {
	go() {
		for mode in single threads; do
			run sbx -q --cpu 1 --timeout 6 -- $HOSTILE/cpu-loop $mode
			[ "$status" -eq 5 ] && [ "$(runf cause)" = cpu ] || return 1
			used=$(( $(runf userUs) + $(runf sysUs) ))
			[ "$used" -ge 700000 ] && [ "$used" -le 2500000 ] || return 1
		done
		run sbx -q --cpu 1 --timeout 1.5 -- $HOSTILE/cpu-loop spread
		[ "$status" -eq 5 ] && [ "$(runf cause)" = wall ]
	}
	each_user go
}

@test "sleep-forever: cause wall within timeout + 1 s, the daemon dies too" {
	go() {
		start=$(date +%s%N)
		run sbx -q --timeout 1 -- $HOSTILE/sleep-forever daemon
		end=$(date +%s%N)
		[ "$status" -eq 5 ] && [ "$(runf cause)" = wall ] &&
		    [ "$(runf signal)" = SIGKILL ] || return 1
		[ $(( (end - start) / 1000000 )) -le 2000 ] || return 1
		! pgrep -f "^$HOSTILE/sleep-forever"
	}
	each_user go
}

@test "a run ends when its main process exits: background children are killed" {
	go() {
		run sbx -- sh -c "$HOSTILE/sleep-forever daemon & $HOSTILE/sleep-forever & echo started"
		[ "$status" -eq 0 ] && [ "$(runf cause)" = exit ] || return 1
		[ "$(runf wallUs)" -lt 2000000 ] || return 1
		! pgrep -f "^$HOSTILE/sleep-forever"
	}
	each_user go
}

@test "fd-leak: inherited host fds are closed; only 0, 1 and 2 exist" {
	: > "$O/leakfile"
	go() {
		exec 7>>"$O/leakfile"
		exec 8<>"/dev/tcp/127.0.0.1/$PORT"
		exec 9< <(sleep 5)
		run sbx -- $HOSTILE/fd-leak
		exec 7>&- 8>&- 9<&-
		[ "$status" -eq 0 ] && [ "$(runf exit)" = 0 ] || return 1
		[ "$(printf '%s\n' "$output" | grep -c '^fd ')" -eq 3 ] || return 1
		[[ "$output" == *"fd 0 -> /dev/null"* ]] && [[ "$output" == *"fd 1 -> pipe:"* ]]
	}
	each_user go
	sleep 0.3
	[ ! -s "$O/leakfile" ]
	# the host's own connection is the only one the listener saw, no data
	[ -z "$(grep LEAK "$T/net/log")" ]
	: > "$T/net/log"
}

@test "tiocsti: keystroke injection never reaches the terminal" {
	command -v python3 >/dev/null || skip "python3 is needed for the pty"
	go() {
		if [ "$AS" = nobody ] && [ "$(id -u)" -eq 0 ]; then
			PTY_OWNER=65534 run python3 "$T/hostile/pty-run.py" setpriv --reuid=65534 \
			    --regid=65534 --clear-groups -- or-sandbox \
			    --ro-bind "$T/hostile:$HOSTILE" --stdin "{TTY}" -- $HOSTILE/tiocsti
		else
			run python3 "$T/hostile/pty-run.py" or-sandbox \
			    --ro-bind "$T/hostile:$HOSTILE" --stdin "{TTY}" -- $HOSTILE/tiocsti
		fi
		[[ "$output" != *INJECTED_BY_SANDBOX* ]] || return 1
		[[ "$output" == *"fd0 EPERM"* ]] && [[ "$output" == *"fd1 EPERM"* ]] || return 1
		[[ "$output" == *"/dev/tty ENOENT"* ]] || [[ "$output" == *"/dev/tty ENXIO"* ]]
	}
	each_user go
}

@test "kill-all: only sandbox processes die, the record is written" {
	go() {
		run sbx -- $HOSTILE/kill-all
		[ "$status" -eq 1 ] || return 1
		[ "$(runf cause)" = signal ] && [ "$(runf signal)" = SIGKILL ] || return 1
		kill -0 "$SENTINEL"
	}
	each_user go
}

@test "ptrace: attaching, process_vm_readv and /proc/1/mem all fail" {
	go() {
		run sbx -- $HOSTILE/ptrace
		[ "$status" -eq 0 ] && [ "$(runf exit)" = 0 ] || return 1
		for a in attach-1 attach-parent attach-child vm_readv; do
			[[ "$output" == *"$a EPERM"* ]] || return 1
		done
		! printf '%s\n' "$output" | grep -q '^proc-1-mem ok'
	}
	each_user go
}

@test "setuid: setuid binaries give no privilege (nosuid, no_new_privs)" {
	go() {
		run sbx -- $HOSTILE/setuid $HOSTILE/setuid-root
		[ "$status" -eq 0 ] || return 1
		[[ "$output" == *"self euid 1000"* ]] && [[ "$output" == *"probe euid 1000"* ]] || return 1
		[ "$(printf '%s\n' "$output" | grep -c 'CapEff:.0000000000000000')" -eq 2 ] || return 1
		! printf '%s\n' "$output" | grep -q '/usr/bin/su status 0'
	}
	each_user go
}

@test "disk-fill: --fsize, the overlay size, /tmp and --log-max all hold" {
	go() {
		rm -f "$W/big.bin"
		run sbx -q --workdir "$W" --fsize 1M -- $HOSTILE/disk-fill file
		[ "$status" -eq 5 ] && [ "$(runf cause)" = fsize ] &&
		    [ "$(runf signal)" = SIGXFSZ ] || return 1
		[ "$(stat -c %s "$W/big.bin")" -le 1048576 ] || return 1
		run sbx --workdir "$W" --fsize 1M -- $HOSTILE/disk-fill ignore
		[ "$status" -eq 0 ] && [[ "$output" == *"stopped at 1048576 EFBIG"* ]] || return 1
		rm -f "$W/big.bin"
		run sbx --workdir "$W" --overlay 2M -- $HOSTILE/disk-fill many
		[[ "$output" == *"ENOSPC"* ]] && [ "$(runf workMode)" = overlay ] || return 1
		[ -z "$(ls -A "$W")" ] || return 1
		run sbx --tmp-size 2M -- $HOSTILE/disk-fill tmp
		[[ "$output" == *"/tmp/big.bin stopped at 2097152 ENOSPC"* ]] || return 1
		rm -f "$O/flood.$AS"
		run sbx --log-max 1M --stdout "$O/flood.$AS" -- $HOSTILE/disk-fill flood 8
		[ "$status" -eq 0 ] && [ "$(runf stdoutBytes)" = 8388608 ] &&
		    [ "$(runf stdoutTruncated)" = true ] || return 1
		[ "$(stat -c %s "$O/flood.$AS")" -eq 1048576 ]
	}
	each_user go
}

@test "symlink-plant: planted links never make the host write or read through them" {
	mkdir -p "$T/trusted"
	echo trusted > "$T/trusted/h.txt"
	ln -s "$T/sentinel/file" "$W/h.txt"
	mkdir "$W/sub" "$W/results"
	ln -s /etc "$W/etc-link"
	ln -s /etc/shadow "$W/report.txt"
	echo '<junit/>' > "$W/results/junit.xml"
	chown -h -R 65534:65534 "$W" 2>/dev/null || true
	go() {
		rm -f "$W/marker"
		# a symlinked harness path, or a symlink on the way: nothing runs
		rm -f "$O/so.$AS"
		run sbx --workdir "$W" --harness "$T/trusted/h.txt:h.txt" \
		    --stdout "$O/so.$AS" -- touch /repo/marker
		[ "$status" -eq 5 ] && [ "$(rec | jq -r .error.code)" = sandbox.harness_path ] || return 1
		# nothing ran, so the output file it had created is gone again
		[ ! -e "$O/so.$AS" ] || return 1
		run sbx --workdir "$W" --harness "$T/trusted/h.txt:etc-link/x" -- touch /repo/marker
		[ "$status" -eq 5 ] && [ "$(rec | jq -r .error.code)" = sandbox.harness_path ] || return 1
		[ ! -e "$W/marker" ] || return 1
		# a log path planted as a link to a host file is refused
		ln -sf "$T/sentinel/file" "$O/log.$AS"
		run sbx --stdout "$O/log.$AS" -- echo overwrite
		[ "$status" -eq 5 ] && [ "$(rec | jq -r .error.code)" = sandbox.output ] || return 1
		run sbx --workdir "$W" --stdout "$W/out.log" -- echo x
		[ "$(rec | jq -r .error.code)" = sandbox.unsafe_path ] || return 1
		# collect: a committed link and a directory swapped for a link are
		# refused; a plain file is copied
		rm -f "$O/c1.$AS" "$O/c2.$AS" "$O/c3.$AS"
		run sbx --workdir "$W" --overlay 16M --collect "report.txt:$O/c1.$AS" \
		    --collect "results/junit.xml:$O/c2.$AS" --collect "sub/passwd:$O/c3.$AS" \
		    -- sh -c 'rm -rf sub && ln -s /etc sub'
		[ "$status" -eq 0 ] || return 1
		[ "$(rec | jq -c '[.run.collected[] | .refused // "file"]')" = '["symlink","file","symlink"]' ] || return 1
		[ ! -e "$O/c1.$AS" ] && [ ! -e "$O/c3.$AS" ] && [ "$(cat "$O/c2.$AS")" = '<junit/>' ]
	}
	each_user go
	[ -L "$W/h.txt" ]
	[ -d "$W/sub" ]
}

@test "cwd must resolve under /repo without symlinks" {
	mkdir -p "$W/a/b"
	ln -s /etc "$W/l"
	go() {
		run sbx --workdir "$W" --cwd a/b -- sh -c 'pwd; echo "$PWD"'
		[ "$status" -eq 0 ] && [[ "$output" == *"/repo/a/b"* ]] || return 1
		run sbx --workdir "$W" --cwd l -- true
		[ "$status" -eq 5 ] && [ "$(rec | jq -r .error.code)" = sandbox.cwd ]
	}
	each_user go
}

@test "forbidden-syscalls: each denied call fails as sandbox.md 3.4 states" {
	go() {
		run sbx -- $HOSTILE/forbidden-syscalls
		[ "$status" -eq 0 ] || return 1
		bad=$(printf '%s\n' "$output" | grep -v '^{' | grep -vE ' EPERM$' |
		    grep -vxE 'clone3 ENOSYS|personality-query ok|personality-linux ok|ioctl-fionread EBADF|or-sandbox:.*' || true)
		[ -z "$bad" ] || { echo "unexpected: $bad"; return 1; }
		[ "$(printf '%s\n' "$output" | grep -c ' EPERM$')" -ge 45 ] || return 1
		run sbx -- $HOSTILE/forbidden-syscalls i386
		[ "$status" -eq 1 ] && [ "$(runf signal)" = SIGSYS ] &&
		    [[ "$output" != *"i386 survived"* ]] || return 1
		run sbx --allow-perf -- $HOSTILE/forbidden-syscalls
		! printf '%s\n' "$output" | grep -q '^perf_event_open EPERM'
	}
	each_user go
}

@test "userns-blocked: precise error with reason and hint, and nothing runs" {
	helper=$OR_BUILD/helpers/deny-userns
	[ -x "$helper" ] || skip "build the helpers first (make units)"
	rm -f "$W/marker"
	run "$helper" or-sandbox --workdir "$W" -- touch /repo/marker
	[ "$status" -eq 5 ]
	[ "$(rec | jq -r '.error.code, .error.reason' | tr '\n' ' ')" = "sandbox.userns_blocked seccomp " ]
	rec | jq -e '.error.hint | test("seccomp profile")'
	[[ "$output" == *"or-sandbox: hint: run the container with a seccomp profile"* ]]
	[ ! -e "$W/marker" ]
	run "$helper" or-sandbox --check
	[ "$status" -eq 5 ]
	[ "$(jq -r .userns <<< "$output")" = false ]
}

@test "the mount tree: read-only system folders, generated /etc, minimal /dev" {
	go() {
		run sbx -- sh -c 'ls /; ls /dev; cat /etc/passwd /etc/hostname; hostname; id -u; ls /dev/tty /dev/pts /dev/sda 2>&1; cat /proc/self/status | grep -E "^(NoNewPrivs|Seccomp|CapBnd)"'
		[ "$status" -eq 0 ] || return 1
		[ "$(printf '%s\n' "$output" | sed -n '1,/^var$/p' | tr '\n' ' ')" = "bin dev etc lib lib32 lib64 opt proc repo sbin tmp usr var " ] || return 1
		[[ "$output" == *"fd full null random shm stderr stdin stdout urandom zero"* ]] || [[ "$(printf '%s\n' "$output" | sed -n '/^fd$/,/^zero$/p' | tr '\n' ' ')" = "fd full null random shm stderr stdin stdout urandom zero " ]] || return 1
		[[ "$output" == *"sandbox:x:1000:1000"* ]] || return 1
		printf '%s\n' "$output" | grep -qE '^NoNewPrivs:[[:space:]]+1$' || return 1
		printf '%s\n' "$output" | grep -qE '^Seccomp:[[:space:]]+2$' || return 1
		printf '%s\n' "$output" | grep -qE '^CapBnd:[[:space:]]+0+$' || return 1
		[ "$(printf '%s\n' "$output" | grep -c 'No such file')" -eq 3 ]
	}
	each_user go
}

@test "--net host shares the host network (the only way to reach a listener)" {
	run or-sandbox --net host -- python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT)).close(); print('connected')"
	assert_success
	[[ "$output" == *connected* ]]
	sleep 0.3
	grep -q '^accept' "$T/net/log"
	: > "$T/net/log"
}

@test "root maps to --uid, else the work tree's owner, else 65534 (never 0)" {
	[ "$(id -u)" -eq 0 ] || skip "identity mapping as root"
	run or-sandbox --workdir "$W" -- sh -c 'id -u; touch /repo/by-owner'
	assert_success
	[ "$(stat -c %u "$W/by-owner")" = 65534 ]
	chown 4242 "$W"
	run or-sandbox --workdir "$W" -- touch /repo/by-4242
	assert_success
	[ "$(stat -c %u "$W/by-4242")" = 4242 ]
	chmod 777 "$W"
	run or-sandbox --uid 31337 --workdir "$W" -- touch /repo/by-uid
	assert_success
	[ "$(stat -c %u "$W/by-uid")" = 31337 ]
	run or-sandbox -q --uid 0 --workdir "$W" -- true
	[ "$status" -eq 5 ]
	[ "$(rec | jq -r .error.code)" = sandbox.uid ]
	mkdir "$T/rootonly.$BATS_TEST_NUMBER"
	run or-sandbox -q --workdir "$T/rootonly.$BATS_TEST_NUMBER" -- true
	[ "$status" -eq 5 ]
	[ "$(rec | jq -r .error.code)" = sandbox.workdir ]
}

@test "harness folders and missing harness paths are bound read-only" {
	mkdir -p "$T/trusted/dir"
	echo pinned > "$T/trusted/dir/f"
	mkdir -p "$W/sub"
	# overlay copy-up needs the tree owned by the mapped user
	chown -R 65534:65534 "$W" 2>/dev/null || true
	go() {
		run sbx --workdir "$W" --overlay 8M --harness "$T/trusted/dir:sub/pinned" \
		    -- sh -c 'cat sub/pinned/f; echo x > sub/pinned/g || echo refused'
		[ "$status" -eq 0 ] && [[ "$output" == *pinned* ]] && [[ "$output" == *refused* ]]
	}
	each_user go
	# overlay mode: the mount point was created in the overlay only
	[ ! -e "$W/sub/pinned" ]
	run or-sandbox -q --workdir "$W" --harness "$W:x" -- true
	[ "$(rec | jq -r .error.code)" = sandbox.harness ]
	ln -s "$T/trusted/dir" "$T/trusted/link"
	run or-sandbox -q --workdir "$W" --harness "$T/trusted/link:y" -- true
	[ "$status" -eq 5 ]
	[ "$(rec | jq -r .error.code)" = sandbox.harness ]
}

@test "--cpus pins the command (cpuset with a cgroup, affinity without)" {
	go() {
		run sbx --cpus 0 -- sh -c 'grep Cpus_allowed_list /proc/self/status'
		[ "$status" -eq 0 ] && printf '%s\n' "$output" | grep -qE 'Cpus_allowed_list:[[:space:]]+0$'
	}
	each_user go
}

@test "SIGTERM kills the sandbox first, cleans up, then or-sandbox dies of it" {
	or-sandbox --ro-bind "$T/hostile:$HOSTILE" -- $HOSTILE/sleep-forever daemon > "$O/rec" 2>&1 &
	pid=$!
	for _ in $(seq 50); do pgrep -f "^$HOSTILE/sleep-forever" >/dev/null && break; sleep 0.05; done
	pgrep -f "^$HOSTILE/sleep-forever" >/dev/null
	kill -TERM "$pid"
	st=0
	wait "$pid" || st=$?
	[ "$st" -eq 143 ]
	[ ! -s "$O/rec" ] || ! grep -q '"run"' "$O/rec"
	[ -z "$(find /sys/fs/cgroup/ -maxdepth 4 -name "or-sandbox.$pid.*" 2>/dev/null)" ]
}

@test "--log-max keeps exactly the last bytes of each stream" {
	run or-sandbox --log-max 100000 --stdout "$O/so" --stderr "$O/se" \
	    -- sh -c 'seq 1 200000; seq 1 10 >&2'
	assert_success
	[ "$(rec | jq -c '.run | [.stdoutBytes, .stdoutTruncated, .stderrBytes, .stderrTruncated]')" = "[1288895,true,21,false]" ]
	seq 1 200000 | tail -c 100000 | cmp - "$O/so"
	seq 1 10 | cmp - "$O/se"
	# without --stdout/--stderr the output goes to our stderr, never stdout
	run bash -c 'or-sandbox -- sh -c "echo out; echo err >&2" 2>/dev/null'
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 1 ]
	[[ "$output" == '{"argv":'*'"run":'* ]]
}

@test "the man page's first example runs as written" {
	cmd=$(sed -n '/^\.Sh EXAMPLES/,/^\.Sh SEE ALSO/p' "$OR_TOP/man/or-sandbox.1" |
	    grep -m1 '^or-sandbox --timeout')
	[ -n "$cmd" ]
	cd "$O"
	run sh -c "$cmd"
	assert_success
	[ "$(cat "$O/out.log" | tr -d ' ')" = 3 ]
	[ "$(rec | jq -r .run.exit)" = 0 ]
}

@test "soak: 1100 records in one stream leak no fd, cgroup or process (OR_CHECK_LONG=1)" {
	[ "${OR_CHECK_LONG:-0}" = 1 ] || skip "long soak: set OR_CHECK_LONG=1"
	# more runs than the default open-file limit: a leaked fd per run fails
	run bash -c 'ulimit -n 1024; for i in $(seq 1100); do echo "{\"argv\":[\"true\"],\"n\":$i}"; done | or-sandbox -q'
	assert_success
	[ "$(printf '%s\n' "$output" | jq -r 'select(.run.exit == 0) | .n' | wc -l)" -eq 1100 ]
	[ -z "$(leaked_cgroups)" ]
}

@test "SIGKILL to or-sandbox takes the whole sandbox down (PDEATHSIG on init)" {
	or-sandbox --ro-bind "$T/hostile:$HOSTILE" -- $HOSTILE/sleep-forever daemon > /dev/null 2>&1 &
	pid=$!
	for _ in $(seq 50); do [ "$(pgrep -fc "^$HOSTILE/sleep-forever")" -ge 2 ] && break; sleep 0.05; done
	[ "$(pgrep -fc "^$HOSTILE/sleep-forever")" -ge 2 ]
	kill -KILL "$pid"
	wait "$pid" || true
	for _ in $(seq 40); do pgrep -f "^$HOSTILE/" >/dev/null || break; sleep 0.05; done
	[ -z "$(pgrep -f "^$HOSTILE/")" ]
	# a killed or-sandbox cannot remove its (empty) cgroup: the next run
	# under the same parent does, once it is 2 s old
	sleep 2
	run or-sandbox -- true
	assert_success
	[ -z "$(find /sys/fs/cgroup/ -maxdepth 4 -type d -name "or-sandbox.$pid.*" 2>/dev/null)" ]
}

@test "injected write, close, read and malloc failures: exit 3 or a clean outcome, never a crash" {
	[ -f "$OR_BUILD/inject/inject.so" ] || skip "build the shim first (make units)"
	for fault in write:1:ENOSPC write:1:EIO close:1:EIO; do
		run inject $fault or-sandbox -- true
		[ "$status" -eq 3 ] || { echo "$fault: status $status"; return 1; }
		assert_output --regexp "or-sandbox: error: write error on 'stdout'"
	done
	run inject read:0:EIO or-sandbox < /dev/null
	[ "$status" -eq 3 ]
	assert_output --regexp "or-sandbox: error: read error on 'stdin'"
	# ASan owns malloc: the allocation faults run on the plain build only
	[ "${OR_SAN:-}" != 1 ] || return 0
	for n in $(seq 0 4 120); do
		inject malloc:$n or-sandbox -- true >/dev/null 2>&1 && rc=0 || rc=$?
		case $rc in 0|1|3|5) ;; *) echo "malloc:$n: status $rc"; return 1 ;; esac
	done
	[ -z "$(leaked_cgroups)" ]
}

@test "init shows nothing of the host: empty /proc/1/cmdline, unreadable environ" {
	go() {
		run sbx --setenv VISIBLE=1 -- sh -c 'echo "cmdline=$(tr -d "\0" < /proc/1/cmdline | wc -c)"; cat /proc/1/environ | tr "\0" "\n"; cat /proc/1/maps | head -1'
		[[ "$output" == *"cmdline=0"* ]] || return 1
		[[ "$output" != *canary* ]] && [[ "$output" != *ETH_* ]] || return 1
		[[ "$output" == *"/proc/1/environ: Permission denied"* ]] &&
		    [[ "$output" == *"/proc/1/maps: Permission denied"* ]]
	}
	each_user go
}

# ------------------------------------------------------- output files

@test "output files: replaced like >, never through a link, never a FIFO or device" {
	echo sentinel-target > "$T/sentinel-target"
	go() {
		rm -f "$O"/*."$AS"
		# a new file and an existing one (it was the failing case)
		echo old-content-longer-than-new > "$O/old.$AS"
		chmod 640 "$O/old.$AS"
		run sbx --stdout "$O/new.$AS" --stderr "$O/old.$AS" \
		    -- sh -c 'echo out; echo err >&2; exit 4'
		[ "$status" -eq 1 ] && [ "$(runf exit)" = 4 ] || return 1
		[ "$(cat "$O/new.$AS")" = out ] && [ "$(cat "$O/old.$AS")" = err ] || return 1
		# the replaced file keeps its permissions, as with >
		[ "$(stat -c %a "$O/old.$AS")" = 640 ] || return 1
		# a symbolic link (to a host file) is refused; the new file of
		# the same run is not left behind
		ln -s "$T/sentinel-target" "$O/link.$AS"
		run sbx --stdout "$O/new2.$AS" --stderr "$O/link.$AS" -- echo x
		[ "$status" -eq 5 ] && [ "$(rec | jq -r .error.code)" = sandbox.output ] || return 1
		[[ "$(rec | jq -r .error.message)" == *"symbolic link"* ]] || return 1
		[ ! -e "$O/new2.$AS" ] && [ -L "$O/link.$AS" ] || return 1
		[ "$(cat "$T/sentinel-target")" = sentinel-target ] || return 1
		# a FIFO is refused, never opened (that would block)
		mkfifo "$O/fifo.$AS"
		as=
		[ "$AS" != nobody ] || as="setpriv --reuid=65534 --regid=65534 --clear-groups --"
		run timeout 20 $as or-sandbox --stdout "$O/new3.$AS" --stderr "$O/fifo.$AS" -- echo x
		[ "$status" -eq 5 ] && [[ "$(rec | jq -r .error.message)" == *"not a regular file"* ]] || return 1
		[ ! -e "$O/new3.$AS" ] && [ -p "$O/fifo.$AS" ] || return 1
		# a device and a folder are refused too
		run sbx --stdout /dev/null -- echo x
		[ "$status" -eq 5 ] && [ "$(rec | jq -r .error.code)" = sandbox.output ] || return 1
		mkdir "$O/dir.$AS"
		run sbx --stdout "$O/new4.$AS" --stderr "$O/dir.$AS" -- echo x
		[ "$status" -eq 5 ] && [ ! -e "$O/new4.$AS" ] && [ -d "$O/dir.$AS" ] || return 1
		# a run that fails before starting leaves no new file and keeps
		# the old one
		run sbx --cwd missing --stdout "$O/new5.$AS" --stderr "$O/old.$AS" -- echo x
		[ "$status" -eq 5 ] && [ "$(rec | jq -r .error.code)" = sandbox.cwd ] || return 1
		[ ! -e "$O/new5.$AS" ] && [ "$(cat "$O/old.$AS")" = err ] || return 1
		run sbx --stdout "$O/new6.$AS" -- /no/such/command
		[ "$status" -eq 1 ] && [ "$(rec | jq -r .error.code)" = sandbox.exec ] || return 1
		[ ! -e "$O/new6.$AS" ] || return 1
		# a collect target is replaced the same way
		echo stale > "$O/col.$AS"
		run sbx --workdir "$W" --overlay 8M --collect "r.txt:$O/col.$AS" -- sh -c 'echo fresh > r.txt'
		[ "$status" -eq 0 ] && [ "$(cat "$O/col.$AS")" = fresh ] || return 1
		# no temporary file is ever left beside the targets
		[ -z "$(ls -A "$O" | grep -v "^\(new\|old\|link\|fifo\|dir\|col\)\.")" ]
	}
	each_user go
}

# ---------------------------------------------------------------- cgroups

# cg_test_dirs: a private v1 cgroup per controller (memory, pids, cpuset)
# below this shell's own, so that whatever or-sandbox creates in them can be
# listed exactly, whatever else runs on the machine.
cg_test_dirs() {
	local ctl p
	for ctl in memory pids cpuset; do
		p=$(awk -F: -v c=$ctl '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) print $3 }' /proc/self/cgroup)
		[ -d "/sys/fs/cgroup/$ctl$p" ] || return 1
		echo "/sys/fs/cgroup/$ctl${p%/}/or-test.$$.$BATS_TEST_NUMBER"
	done
}

@test "no cgroup is left behind: success, failure, setup failure, wall, OOM, SIGTERM, SIGKILL" {
	[ "$(id -u)" -eq 0 ] && [ "$CGROUP" = v1 ] || skip "needs root and a v1 cgroup (--check says $CGROUP)"
	dirs=$(cg_test_dirs) || skip "the v1 controllers are not mounted under /sys/fs/cgroup"
	for d in $dirs; do mkdir "$d"; done
	cs=$(echo "$dirs" | grep /cpuset/)
	cat "$(dirname "$cs")/cpuset.cpus" > "$cs/cpuset.cpus"
	cat "$(dirname "$cs")/cpuset.mems" > "$cs/cpuset.mems"
	# inside CMD...: CMD run in the test cgroups, in place of the calling
	# (sub)shell, so that $! of `inside ... &` is or-sandbox itself
	inside() {
		exec sh -c 'for d in $0; do echo $$ > "$d/cgroup.procs" || exit 99; done; exec "$@"' "$dirs" "$@"
	}
	left() { find $dirs -mindepth 1 -type d; }
	[ -z "$(left)" ]
	run inside or-sandbox -- true
	assert_success
	[ "$(runf cgroup)" = v1 ]
	[ -z "$(left)" ]
	run inside or-sandbox -- sh -c 'exit 3'
	[ "$status" -eq 1 ] && [ -z "$(left)" ]
	run inside or-sandbox --cwd missing -- true
	[ "$status" -eq 5 ] && [ "$(rec | jq -r .error.code)" = sandbox.cwd ] && [ -z "$(left)" ]
	run inside or-sandbox -- /no/such/command
	[ "$status" -eq 1 ] && [ -z "$(left)" ]
	run inside or-sandbox --timeout 0.5 -- sleep 30
	[ "$status" -eq 5 ] && [ "$(runf cause)" = wall ] && [ -z "$(left)" ]
	run inside or-sandbox --mem 24M --tmp-size 64M -- sh -c 'a=xxxxxxxx; while :; do a=$a$a; done'
	[ "$status" -eq 5 ] && [ "$(runf cause)" = memory ] && [ -z "$(left)" ]
	run inside or-sandbox --cpus 0 -- true
	assert_success
	[ -z "$(left)" ]
	run bash -c "$(declare -f inside); dirs='$dirs'; printf '%s\n' '{\"argv\":[\"true\"]}' '{\"argv\":[\"false\"]}' '{\"argv\":[\"true\"],\"cwd\":\"no\"}' | inside or-sandbox"
	[ "$(printf '%s\n' "$output" | grep -c '^{')" -eq 3 ] && [ -z "$(left)" ]
	# a run stopped by SIGTERM cleans up before or-sandbox dies
	inside or-sandbox -- sleep 30 > /dev/null 2>&1 &
	pid=$!
	for _ in $(seq 100); do [ -n "$(left)" ] && pgrep -f '^sleep 30$' >/dev/null && break; sleep 0.05; done
	[ -n "$(left)" ]
	kill -TERM "$pid"
	wait "$pid" || true
	[ -z "$(left)" ]
	# SIGKILL leaves the (empty) cgroup; the next run removes it
	inside or-sandbox -- sleep 30 > /dev/null 2>&1 &
	pid=$!
	for _ in $(seq 100); do [ -n "$(left)" ] && pgrep -f '^sleep 30$' >/dev/null && break; sleep 0.05; done
	kill -KILL "$pid"
	wait "$pid" || true
	for _ in $(seq 40); do pgrep -f '^sleep 30$' >/dev/null || break; sleep 0.05; done
	[ -n "$(left)" ]
	sleep 2	# a cgroup younger than 2 s may be a run being set up
	run inside or-sandbox -- true
	assert_success
	[ -z "$(left)" ]
	for d in $dirs; do rmdir "$d"; done
}

@test "options end at the command's first word; no silent wait at a terminal" {
	# the command's own options are its own, after -- or without it
	run or-sandbox -q --timeout 5 sh -c 'exit 3' --timeout
	[ "$status" -eq 1 ]
	[ "$(jq -c '[.run.exit, .run.limits.timeout]' <<< "$output")" = '[3,5]' ]
	run script -qec "or-sandbox --timeout 5" /dev/null
	assert_failure 2
	assert_output --partial 'or-sandbox: error: give -- COMMAND, or pipe JSON lines'
	run script -qec "or-sandbox --check" /dev/null
	assert_success
	run script -qec "or-sandbox -- true" /dev/null
	assert_success
	assert_output --partial '"exit":0'
}
