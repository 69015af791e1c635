#!/usr/bin/env bats
# Every command line of the EXAMPLES section of every man page (man/*.1,
# man/*.7) runs here (conventions.md 9), in a fresh folder with its own HOME,
# with the fixtures the lines name and, where a line needs the chain, the
# devnet's environment.  A line must exit 0 unless the page says otherwise:
# a roff comment line `.\" exit N` before it expects status N, and
# `.\" timeout N` marks a line that runs until stopped (it must still be
# running after N seconds).  In a block written with `$ ` prompts, only the
# prompted lines are commands; a shown output line holding an error record
# ("error":{) expects status 1 (unless the command handles it with ||).  man/or-protocol.5's example is a document,
# not a command line, and has no test here.
load helpers

setup_file() {
	export OR_DEVNET_DIR=$BATS_FILE_TMPDIR/devnet
	sh "$OR_TOP/scripts/devnet" start > /dev/null
	# the first transaction of account 0 deploys Probe, at the address
	# the pages name (0x5fbdb2315678afecb367f032d93f642f64180aa3)
	(
		eval "$(sh "$OR_TOP/scripts/devnet" env)"
		printf '{"data":"%s"}\n' "$(cat "$OR_TOP/tests/data/rpc/Probe.bin")" |
		    or-rpc fill | or-sign tx | or-rpc send | or-rpc wait > /dev/null
	)
	if or-sandbox --check > /dev/null 2>&1; then
		export SANDBOX_OK=1
	else
		export SANDBOX_OK=0
	fi
}

teardown_file() {
	sh "$OR_TOP/scripts/devnet" stop
}

setup() {
	W=$BATS_TEST_TMPDIR/w
	mkdir -p "$W" "$BATS_TEST_TMPDIR/home"
	export HOME=$BATS_TEST_TMPDIR/home
	unset ETH_RPC_URL ETH_KEYSTORE ETH_PASSWORD ETH_FROM
	cd "$W"
}

# examples PAGE: one JSON line {"status":N,"timeout":S,"cmd":TEXT} per
# command line of PAGE's EXAMPLES section (mdoc .Bd/.Ed and .Dl, man(7)
# .EX/.EE and .nf/.fi; escapes undone; a line ending in \, |, && or ||
# goes on on the next line).
examples() {
	python3 - "$1" <<'EOF'
import json, re, sys

ESC = {"e": "\\", "-": "-", "&": "", " ": " ", "(aq": "'", "(dq": '"',
       "(ga": "`", "(ti": "~", "(ha": "^", "(rs": "\\", "*(Aq": "'"}

def unroff(s):
    s = re.sub(r"\\f(\[[^]]*\]|\(..|.)", "", s)       # font changes
    return re.sub(r"\\(e|-|&| |\*\(Aq|\(..)",
                  lambda m: ESC.get(m.group(1), m.group(0)), s)

def goes_on(line):
    t = line.rstrip()
    return t.endswith("\\") or t.endswith("|") or t.endswith("&&")

lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
sect, block, blocks, mark = None, None, [], {}
for raw in lines:
    if raw.startswith(".Sh ") or raw.startswith(".SH "):
        sect = raw[4:].strip().strip('"')
        continue
    if sect != "EXAMPLES":
        continue
    m = re.match(r'\.\\"\s*(exit|timeout)\s+(\d+)', raw)
    if m:
        mark[m.group(1)] = int(m.group(2))
        continue
    if block is None:
        if re.match(r"\.(Bd\s+-(literal|unfilled)|EX\b|nf\b)", raw):
            block = {"lines": [], "mark": mark}
            mark = {}
        elif re.match(r"\.(Dl|D1)\s", raw):
            blocks.append({"lines": [unroff(raw[4:])], "mark": mark})
            mark = {}
        continue
    if re.match(r"\.(Ed|EE|fi)\b", raw):
        blocks.append(block)
        block = None
    elif raw.startswith("."):
        continue                                  # other requests
    else:
        block["lines"].append(unroff(raw))

for b in blocks:
    ls, prompted = b["lines"], any(l.startswith("$ ") for l in b["lines"])
    cmds, cur = [], None
    for l in ls:
        if cur is not None and goes_on(cur["cmd"]):
            cur["cmd"] += "\n" + l
            continue
        if prompted and not l.startswith("$ "):
            # the page shows a failure, unless the line handles it (|| ...)
            if cur is not None and '"error":{' in l and "||" not in cur["cmd"]:
                cur["status"] = 1
            continue
        cur = {"status": 0, "cmd": l[2:] if prompted else l}
        cmds.append(cur)
    for c in cmds:
        if "exit" in b["mark"]:
            c["status"] = b["mark"]["exit"]
        if "timeout" in b["mark"]:
            c["timeout"], c["status"] = b["mark"]["timeout"], 124
        if c["cmd"].strip():
            print(json.dumps(c))
EOF
}

# run_examples PAGE: every example line of man/PAGE, in order, in "$W".
run_examples() {
	local page=$1 n=0 line want secs q
	examples "$OR_TOP/man/$page" > "$BATS_TEST_TMPDIR/lines"
	# One shell runs the page's lines in order, as a reader types them: a
	# variable or an export a line sets holds for the lines after it.  A
	# line marked to run until stopped gets its own timed shell.
	{
		echo 'set -o pipefail'
		while IFS= read -r line; do
			n=$((n + 1))
			jq -r .cmd <<< "$line" > "$BATS_TEST_TMPDIR/cmd.$n"
			want=$(jq -r .status <<< "$line")
			secs=$(jq -r '.timeout // empty' <<< "$line")
			q=$(printf '%q' "$BATS_TEST_TMPDIR")
			if [ -n "$secs" ]; then
				echo "timeout $secs bash -o pipefail $q/cmd.$n" \
				    "> $q/out 2>&1 < /dev/null"
			else
				printf '{\n%s\n} > %s/out 2>&1 < /dev/null\n' \
				    "$(cat "$BATS_TEST_TMPDIR/cmd.$n")" "$q"
			fi
			echo "st=\$?; if [ \"\$st\" != $want ]; then" \
			    "echo \"$page: example $n exits \$st, not $want:\";" \
			    "cat $q/cmd.$n; echo --; cat $q/out; exit 1; fi"
		done < "$BATS_TEST_TMPDIR/lines"
	} > "$BATS_TEST_TMPDIR/page.sh"
	[ "$n" -gt 0 ] || { echo "$page: no example found"; return 1; }
	timeout 1200 bash "$BATS_TEST_TMPDIR/page.sh"
}

# The devnet's environment (ETH_RPC_URL, ETH_KEYSTORE, ETH_PASSWORD,
# ETH_FROM), as `eval "$(scripts/devnet env)"` gives it, and scripts/ at
# hand for pages that run it.
chain_env() {
	eval "$(sh "$OR_TOP/scripts/devnet" env)"
	ln -s "$OR_TOP/scripts" "$W/scripts"
}

needs_sandbox() {
	[ "$SANDBOX_OK" = 1 ] || skip "or-sandbox --check: no usable sandbox here"
}

# The example repository of protocol.md 9 (tinysort) as a git work tree in
# "$W", with protocol.json beside it.
tinysort() {
	mkdir -p src bench data
	echo 'int sort;' > src/sort.c
	echo 'int main;' > bench/driver.c
	echo '3 1 2' > data/suite.txt
	printf 'build:\n\tcc -o build/bench bench/driver.c src/sort.c\n' > Makefile
	git init -q && git add -A &&
	    git -c user.name=t -c user.email=t@t commit -qm init
	cp "$OR_TOP/tests/data/protocol/example.json" protocol.json
}

# The example tree "tiny" of hashes.md 2.4 as a git work tree in "$W", with
# the protocol of hashes.md's seed example as protocol.json (untracked).
tiny() {
	cd .. && rmdir "$W" &&
	    sh "$VECTORS/tree-hash/make-tree.sh" "$W" tiny > /dev/null && cd "$W"
	jq '.mutableSurface.allowedGlobs = ["src/**"] |
	    .mutableSurface.forbiddenGlobs = ["src/vendor/**"] |
	    .immutableHarness.paths = ["bench/**"]' \
	    "$OR_TOP/tests/data/protocol/example.json" > protocol.json
}

@test "the extraction reads roff as man reads it" {
	cat > "$BATS_TEST_TMPDIR/x.1" <<'EOF'
.Sh DESCRIPTION
.Bd -literal
not an example
.Ed
.Sh EXAMPLES
.Bd -literal -offset indent
echo \-n 'a\e' |
    cat \e
    \-
.Ed
.Dl echo \(aqone\(aq
.\" exit 3
.EX
\fBsh\fR -c 'exit 3'
.EE
.nf
$ echo "x"
x
$ printf '%s\en' '{"error":{}}'; false
{"error":{}}
.fi
.\" timeout 2
.Bd -literal
sleep 30
.Ed
EOF
	run examples "$BATS_TEST_TMPDIR/x.1"
	assert_success
	assert_line --index 0 '{"status": 0, "cmd": "echo -n '"'"'a\\'"'"' |\n    cat \\\n    -"}'
	assert_line --index 1 '{"status": 0, "cmd": "echo '"'"'one'"'"'"}'
	assert_line --index 2 '{"status": 3, "cmd": "sh -c '"'"'exit 3'"'"'"}'
	assert_line --index 3 '{"status": 0, "cmd": "echo \"x\""}'
	assert_line --index 4 '{"status": 1, "cmd": "printf '"'"'%s\\n'"'"' '"'"'{\"error\":{}}'"'"'; false"}'
	assert_line --index 5 '{"status": 124, "cmd": "sleep 30", "timeout": 2}'
	[ "${#lines[@]}" -eq 6 ]
	# and the lines run as the page says
	OR_TOP=$BATS_TEST_TMPDIR/top
	mkdir -p "$OR_TOP/man" && cp "$BATS_TEST_TMPDIR/x.1" "$OR_TOP/man/x.1"
	run_examples x.1
}

@test "every man page with EXAMPLES has a test here" {
	for f in "$OR_TOP"/man/*.1 "$OR_TOP"/man/*.7; do
		p=${f##*/}
		grep -q "^@test \"$p: " "$BATS_TEST_FILENAME" ||
		    { echo "no test for $p"; return 1; }
	done
}

@test "or-gate.1: examples run" {
	tinysort
	mkdir inc && cp -r src bench data Makefile inc/
	cp -r inc cand && echo 'int faster;' >> cand/src/sort.c
	run_examples or-gate.1
}

@test "or-protocol.1: examples run" {
	tinysort
	run_examples or-protocol.1
}

@test "or-bench.1: examples run" {
	needs_sandbox
	# a benchmark that prints its metric from src/value.txt; bundle is
	# the trusted harness, best the incumbent, cand the candidate
	mkdir -p best/bench best/src
	echo 'echo "seconds: $(cat src/value.txt)"' > best/bench/run.sh
	echo 1.981456 > best/src/value.txt
	cp -r best bundle && cp -r best cand && echo 1.961642 > cand/src/value.txt
	jq -n '{"schemaKind":"protocol","protocolVersion":"1",
	  "execution":{"command":"sh bench/run.sh","cwd":".","hardTimeoutSeconds":30,
	    "stopCondition":{"type":"fixed_suite"}},
	  "environment":{"setupCommands":[],"constraints":{}},
	  "mutableSurface":{"allowedGlobs":["src/**"],"forbiddenGlobs":[],"allowedKinds":["code_edit"]},
	  "immutableHarness":{"paths":["bench"],"rationale":"the driver"},
	  "measurement":{"primaryMetric":{"name":"seconds","direction":"minimize",
	    "extract":{"kind":"regex","pattern":"^seconds: (\\S+)$","exampleStdout":"seconds: 2\n"}},
	    "sampling":{"warmupTrials":0,"measuredTrials":3},
	    "baselinePolicy":{"establishOnHardware":true,"sameDataSnapshot":true}}}' > protocol.json
	run_examples or-bench.1
}

@test "or-sandbox.1: examples run" {
	needs_sandbox
	mkdir cand trusted
	echo 'print("untrusted")' > cand/bench.py
	echo 'print("trusted")' > trusted/bench.py
	run_examples or-sandbox.1
	[ "$(cat out.log)" = 3 ]
}

@test "openresearch.7: examples run" {
	chain_env
	run_examples openresearch.7
}


@test "or-abi.1: examples run" {
	chain_env
	ln -s "$OR_TOP/contracts" contracts
	run_examples or-abi.1
}

@test "or-hash.1: examples run" {
	tiny
	export expected candidate
	expected=$(or-hash tree --commit HEAD . | jq -r .treeHash)
	candidate=$(git rev-parse HEAD)
	run_examples or-hash.1
}

@test "or-pack.1: examples run" {
	tiny
	run_examples or-pack.1
}

@test "or-put0g.1: examples run" {
	chain_env
	printf 'code' > code.tar
	run_examples or-put0g.1
}

@test "or-rpc.1: examples run" {
	chain_env
	cp "$OR_TOP/tests/data/rpc/Probe.abi.json" "$OR_TOP/tests/data/rpc/Probe.bin" .
	run_examples or-rpc.1
}

@test "or-sign.1: examples run" {
	chain_env
	# the keystore, password and transactions the page names
	mkdir -p "$HOME/.ethereum" "$HOME/.config/openresearch"
	cp -r "$ETH_KEYSTORE" "$HOME/.ethereum/keystore"
	cp "$ETH_PASSWORD" "$HOME/.config/openresearch/password"
	echo '{"to":"0x70997970c51812dc3a010c7d01b50e0d17dc79c8","value":"1"}' > txs.jsonl
	printf 'devnet\n' > pw
	# the key import reads (anvil's account 0, in a file: never in argv)
	printf '%s\n' 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80 > key.txt
	printf 'devnet2\n' > pw2
	run_examples or-sign.1
}
