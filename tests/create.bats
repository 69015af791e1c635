#!/usr/bin/env bats
# The create workflow (skills/autoresearch-create) on the example
# repositories: every script under dash, against a devnet (scripts/devnet)
# with the project's contracts, and a local store.

load helpers

S=$OR_TOP/skills/autoresearch-create/scripts
EX=$OR_TOP/examples

setup_file() {
	export OR_DEVNET_DIR=$BATS_FILE_TMPDIR/devnet
	export OR_STORE=$BATS_FILE_TMPDIR/store
	export DISABLE_TELEMETRY=1 DO_NOT_TRACK=1
	sh "$OR_TOP/scripts/devnet" start > "$BATS_FILE_TMPDIR/devnet.json"
	if [ -f "$OR_TOP/scripts/deploy-contracts" ] && [ -d "$OR_TOP/contracts/out" ]; then
		(eval "$(sh "$OR_TOP/scripts/devnet" env)"
		 sh "$OR_TOP/scripts/deploy-contracts" "$BATS_FILE_TMPDIR/deployment.json") \
		    > "$BATS_FILE_TMPDIR/deploy.out" 2> "$BATS_FILE_TMPDIR/deploy.err"
	fi
}

teardown_file() {
	sh "$OR_TOP/scripts/devnet" stop
}

setup() {
	eval "$(sh "$OR_TOP/scripts/devnet" env)"
	T=$BATS_TEST_TMPDIR
	[ ! -f "$BATS_FILE_TMPDIR/deployment.json" ] ||
	    export OR_DEPLOYMENT=$BATS_FILE_TMPDIR/deployment.json
}

# need TOOL...: skip while a tool this test needs has not landed on main.
need() {
	for t; do
		case $t in
		deployment)
			[ -f "$OR_TOP/scripts/deploy-contracts" ] ||
			    skip "scripts/deploy-contracts (branch contracts) has not landed on main"
			# landed: a failed deployment fails the test
			[ -f "$BATS_FILE_TMPDIR/deployment.json" ] ||
			    { cat "$BATS_FILE_TMPDIR/deploy.err"; false; } ;;
		*) command -v "$t" > /dev/null ||
		    skip "$t has not landed on main" ;;
		esac
	done
}

# account N: use anvil's test account N as the sender (publish
# de-duplicates by sender and protocol, so tests that publish use their own).
account() {
	ETH_FROM=$(jq -r ".accounts[$1].address" "$BATS_FILE_TMPDIR/devnet.json")
	export ETH_FROM
}

# example NAME DIR: the example's repository as a fresh git repository.
example() {
	cp -R "$EX/$1/repo" "$2"
	git -C "$2" init -q -b main
	git -C "$2" add -A
	GIT_AUTHOR_DATE=2026-01-01T00:00:00Z GIT_COMMITTER_DATE=2026-01-01T00:00:00Z \
	    git -C "$2" -c user.name=t -c user.email=t@example.org commit -qm "$1 at ${3:-start}"
}

# step NAME ARGS...: run a create script under dash; whatever happened, its
# output ends with its one final line.
step() {
	local n=$1
	shift
	run dash "$S/$n.sh" "$@"
	if [ "$(printf '%s\n' "$output" | grep -c '^{"stopped":')" -ne 1 ] ||
	    [ "${lines[${#lines[@]}-1]:0:11}" != '{"stopped":' ]; then
		printf '%s.sh: not one final line:\n%s\n' "$n" "$output"
		return 1
	fi
}

# final: the last stdout line, which every script ends with.
final() { printf '%s\n' "${lines[${#lines[@]}-1]}"; }
stopped() { final | jq -r .stopped; }

# agent REPO EXAMPLE: what the agent does: draft, scaffold, complete, check.
agent() {
	local w=$1/.autoresearch/create
	cp "$EX/$2/draft.json" "$w/draft.json"
	step scaffold --repo "$1"
	assert_success
	[ "$(stopped)" = awaiting_protocol ]
	# complete: the example's protocol, with the fields create owns
	jq --slurpfile s "$w/protocol.json" '.meta += ($s[0].meta | {repo, protocolBundleId, createdAt})' \
	    "$EX/$2/protocol.json" > "$w/protocol.json.new"
	mv "$w/protocol.json.new" "$w/protocol.json"
	step check --repo "$1"
	assert_success
	[ "$(stopped)" = checked ]
}

# through STEP REPO EXAMPLE: prepare and every step up to STEP.
through() {
	local last=$1 r=$2 x=$3 s
	step prepare "$r"
	assert_success
	step inspect --repo "$r"
	assert_success
	agent "$r" "$x"
	for s in preview render archives baseline store; do
		if [ "$s" = preview ]; then
			step preview --repo "$r" --yes
		elif [ "$s" = baseline ] && [ "$x" = noisy-timing ]; then
			step baseline --repo "$r" --accept-noise
		else
			step "$s" --repo "$r"
		fi
		assert_success
		[ "$s" != "$last" ] || return 0
	done
}

# next_id: nextProjectId of the deployment's registry, read with or-abi and
# or-rpc.  project ID: getProject(ID), decoded ("0".."11" in tuple order).
registry() { jq -r .contracts.ProjectRegistry.address "$OR_DEPLOYMENT"; }
next_id() {
	or-abi encode 'nextProjectId()(uint256)' | jq -c --arg to "$(registry)" '. + {to: $to}' |
	    or-rpc call | jq -r '.decoded."0"'
}
project() {
	or-abi encode 'getProject(uint256)(bytes32,bytes32,bytes32,int256,bytes32,bytes32,int256,bytes32,address,address,address,uint64)' "$1" |
	    jq -c --arg to "$(registry)" '. + {to: $to}' | or-rpc call | jq -c .decoded
}

# stored N TAG: tinysort through store (its commit told apart by TAG), to be
# published by anvil account N; sets w.
stored() {
	need or-protocol or-gate or-pack or-bench or-put0g deployment
	account "$1"
	example tinysort "$T/ts" "$2"
	w=$T/ts/.autoresearch/create
	through store "$T/ts" tinysort
}

@test "the scripts are shellcheck -s sh clean and parse under dash" {
	# from anywhere, file by file (scripts/.shellcheckrc follows the sources)
	cd "$OR_TOP"
	n=0
	for f in "$S"/*.sh; do
		shellcheck -s sh "$f"
		dash -n "$f"
		n=$((n + 1))
	done
	[ "$n" -eq 13 ]	# ten steps, create.sh, lib.sh, create-lib.sh
}

@test "every skill carries the same lib.sh (each must work installed alone)" {
	n=0
	for f in "$OR_TOP"/skills/*/scripts/lib.sh; do
		cmp "$f" "$S/lib.sh"
		n=$((n + 1))
	done
	[ "$n" -ge 1 ]
}

@test "SKILL.md: Agent Skills front matter; npx skills lists and installs it offline" {
	head -n 1 "$S/../SKILL.md" | grep -qx -- '---'
	[ "$(sed -n '2,/^---$/p' "$S/../SKILL.md" | sed -n 's/^name: //p')" = autoresearch-create ]
	sed -n '2,/^---$/p' "$S/../SKILL.md" | grep -q '^description: .\{40,\}'
	run env HOME="$T/home" skills add "$OR_TOP" --list
	assert_success
	assert_output --partial autoresearch-create
	mkdir -p "$T/proj" && cd "$T/proj" && git init -q
	run env HOME="$T/home" skills add "$OR_TOP" --skill autoresearch-create -a claude-code -y
	assert_success
	i=$T/proj/.claude/skills/autoresearch-create
	cmp "$i/SKILL.md" "$S/../SKILL.md"
	for f in "$S"/*.sh; do cmp "$f" "$i/scripts/${f##*/}"; done
	# installed alone, a script still finds what it sources
	run dash "$i/scripts/prepare.sh" --help
	assert_success
	assert_output --partial 'usage: prepare.sh'
}

@test "prepare: a local folder in place, nothing tracked changed, .autoresearch/ excluded" {
	example tinysort "$T/ts"
	head=$(git -C "$T/ts" rev-parse HEAD)
	before=$(cd "$T/ts" && git ls-files -s | sha256sum)
	step prepare "$T/ts"
	assert_success
	[ "$(stopped)" = prepared ]
	[ "$(final | jq -r .commit)" = "$head" ]
	[ "$(final | jq -c .wrote)" = '[".autoresearch/create/bundle.json"]' ]
	[ "$(git -C "$T/ts" rev-parse HEAD)" = "$head" ]
	[ "$(cd "$T/ts" && git ls-files -s | sha256sum)" = "$before" ]
	[ -z "$(git -C "$T/ts" status --porcelain --untracked-files=all)" ]
	grep -qx '/.autoresearch/' "$T/ts/.git/info/exclude"
	b=$T/ts/.autoresearch/create/bundle.json
	[ "$(jq -r .commit "$b")" = "$head" ]
	[ "$(jq -r .sourceKind "$b")" = path ]
	[ "$(jq -r .branch "$b")" = main ]
	[ "$(jq -r .cloneUrl "$b")" = null ]
	# a second run keeps the bundle (and so every later step's inputs)
	sum=$(sha256sum < "$b")
	step prepare "$T/ts"
	assert_success
	[ "$(sha256sum < "$b")" = "$sum" ]
	[ "$(grep -c autoresearch "$T/ts/.git/info/exclude")" -eq 1 ]
}

@test "prepare: a file:// URL is cloned without prompts into --dir" {
	example tinysort "$T/origin"
	step prepare "file://$T/origin" --dir "$T/clone"
	assert_success
	[ "$(final | jq -r .repo)" = "$T/clone" ]
	[ "$(git -C "$T/clone" rev-parse HEAD)" = "$(git -C "$T/origin" rev-parse HEAD)" ]
	[ "$(jq -r .source "$T/clone/.autoresearch/create/bundle.json")" = "file://$T/origin" ]
	[ "$(jq -r .sourceKind "$T/clone/.autoresearch/create/bundle.json")" = url ]
	# the origin is untouched
	[ ! -e "$T/origin/.autoresearch" ]
	# a clone that needs credentials fails at once instead of prompting
	run timeout 20 dash "$S/prepare.sh" --dir "$T/c2" https://127.0.0.1:1/none.git
	[ "$status" -eq 4 ]
	[ "$(stopped)" = clone_failed ]
}

@test "prepare refuses URL schemes outside https, ssh, git@ and file" {
	for u in 'ext::sh -c touch% /tmp/x' http://example.org/r.git git://example.org/r.git \
	    ftp://example.org/r fd::3 'transport::x'; do
		run dash "$S/prepare.sh" --dir "$T/x" "$u"
		[ "$status" -eq 2 ]
		[ "$(stopped)" = bad_url ]
		assert_output --partial 'unsupported URL scheme'
	done
	[ ! -e "$T/x" ]
	run dash "$S/prepare.sh" --upload-pack=touch file:///tmp
	[ "$status" -eq 2 ]
	[ "$(stopped)" = usage ]
	run dash "$S/prepare.sh" https://user:token@example.org/r.git
	[ "$status" -eq 2 ]
	[ "$(stopped)" = bad_url ]
	refute_output --partial token
}

@test "prepare refuses a dirty tree, a submodule and a tracked .autoresearch/" {
	example tinysort "$T/ts"
	echo '/* edit */' >> "$T/ts/src/sort.c"
	step prepare "$T/ts"
	[ "$status" -eq 1 ]
	[ "$(stopped)" = dirty_tree ]
	assert_output --partial src/sort.c
	git -C "$T/ts" checkout -q -- src/sort.c
	git -C "$T/ts" rm -q --cached Makefile
	step prepare "$T/ts"
	[ "$status" -eq 1 ]
	[ "$(stopped)" = dirty_tree ]
	git -C "$T/ts" reset -q
	# untracked files are fine: only commits are packaged
	echo scratch > "$T/ts/notes.txt"
	step prepare "$T/ts"
	assert_success

	example tinysort "$T/sub"
	example noisy-timing "$T/inner"
	git -C "$T/sub" -c protocol.file.allow=always submodule -q add "$T/inner" vendor/inner
	git -C "$T/sub" -c user.name=t -c user.email=t@example.org commit -qm sub
	step prepare "$T/sub"
	[ "$status" -eq 1 ]
	[ "$(stopped)" = submodule ]

	example tinysort "$T/tracked"
	mkdir -p "$T/tracked/.autoresearch"
	echo x > "$T/tracked/.autoresearch/x"
	git -C "$T/tracked" add -f .autoresearch/x
	git -C "$T/tracked" -c user.name=t -c user.email=t@example.org commit -qm ws
	step prepare "$T/tracked"
	[ "$status" -eq 1 ]
	[ "$(stopped)" = tracked_workspace ]
}

@test "inspect: discovery.md with tree, README, build files and entry points" {
	example tinysort "$T/ts"
	step prepare "$T/ts"
	assert_success
	step inspect --repo "$T/ts"
	assert_success
	[ "$(stopped)" = awaiting_draft ]
	d=$T/ts/.autoresearch/create/discovery.md
	grep -q '^- tracked files: 7, ' "$d"
	grep -q "tree hash (openresearch/tree/v1): \`$(cd "$T/ts" && or-hash tree --commit HEAD . | jq -r .treeHash)\`" "$d"
	grep -qx 'bench/driver.c' "$d"
	grep -q 'prints `comparisons: N`' "$d"
	grep -qx -- '- `Makefile`' "$d"
	grep -qx -- '- `bench/driver.c`' "$d"
	# a commit made after prepare makes inspect refuse
	echo more >> "$T/ts/README.md"
	git -C "$T/ts" -c user.name=t -c user.email=t@example.org commit -qam more
	step inspect --repo "$T/ts"
	[ "$status" -eq 1 ]
	[ "$(stopped)" = stale_input ]
	assert_output --partial 'run prepare.sh again'
}

@test "each step refuses to run before its inputs exist" {
	example tinysort "$T/ts"
	for s in inspect scaffold check preview render archives baseline store publish; do
		step "$s" --repo "$T/ts"
		[ "$status" -eq 1 ]
		[ "$(stopped)" = missing_input ]
		assert_output --partial 'run prepare.sh first'
	done
	step prepare "$T/ts"
	assert_success
	step scaffold --repo "$T/ts"
	[ "$status" -eq 1 ]
	assert_output --partial 'no draft.json'
	step check --repo "$T/ts"
	[ "$status" -eq 1 ]
	assert_output --partial 'run scaffold.sh first'
	for s in preview render; do
		step "$s" --repo "$T/ts"
		[ "$status" -eq 1 ]
		[ "$(stopped)" = missing_input ]
		assert_output --partial 'run check.sh first'
	done
	for s in archives baseline store publish; do
		step "$s" --repo "$T/ts"
		[ "$status" -eq 1 ]
		[ "$(stopped)" = missing_input ]
		assert_output --partial 'run preview.sh first'
	done
	# an unknown option is a usage error, reported on the final line too
	step render --repo "$T/ts" --bogus
	[ "$status" -eq 2 ]
	[ "$(stopped)" = usage ]
}

@test "a second script on a locked workspace exits 1 naming the holder" {
	example tinysort "$T/ts"
	step prepare "$T/ts"
	assert_success
	w=$T/ts/.autoresearch/create
	(exec 9>> "$w/lock"; flock 9; echo "$BASHPID" > "$w/lock"; exec sleep 5) > /dev/null 2>&1 3>&- &
	holder=$!
	for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "$w/lock" ] && break; sleep 0.1; done
	step inspect --repo "$T/ts"
	kill "$holder"
	wait "$holder" || true
	[ "$status" -eq 1 ]
	[ "$(stopped)" = locked ]
	assert_output --partial "inspect.sh: error: workspace is locked by pid $holder"
}

@test "create tinysort: checked, approved, measured from the archive, stored, published, read back" {
	need or-protocol or-gate or-pack or-bench or-put0g deployment
	account 1
	example tinysort "$T/ts"
	w=$T/ts/.autoresearch/create
	through render "$T/ts" tinysort
	# the normalised bytes are a fixed point of or-protocol fmt
	cmp <(or-protocol fmt "$w/protocol.json") "$w/protocol.json"
	ph=$(or-hash zg "$w/protocol.json" | jq -r .root)
	[ "$(jq -r .approved "$w/preview.json")" = true ]
	[ "$(jq -r .protocolHash "$w/preview.json")" = "$ph" ]
	[ "$(jq -r .extractor.exampleValue "$w/preview.json")" = 254784 ]
	[ "$(jq -r .paths.immutable.count "$w/preview.json")" = 3 ]
	[ "$(jq -r .paths.mutable.count "$w/preview.json")" = 2 ]
	[ -s "$w/program.md" ]
	step archives --repo "$T/ts"
	assert_success
	# the work copy changes (not committed): the baseline must not see it
	(cd "$T/ts" && git apply "$EX/tinysort/patches/improve.patch")
	step baseline --repo "$T/ts"
	assert_success
	[ "$(stopped)" = measured ]
	b=$w/baseline/baseline.json
	[ "$(jq -r .aggregate "$b")" = 254784 ]
	[ "$(jq -r .score "$b")" = -254784000000 ]
	[ "$(jq -r '.runs | length' "$b")" = 3 ]
	[ "$(jq -r '[.runs[].metric] | unique | join(",")' "$b")" = 254784 ]
	[ "$(jq -r .repoSnapshotHash "$b")" = "$(or-hash zg "$w/artifacts/repo-snapshot.tar" | jq -r .root)" ]
	[ "$(jq -r .protocolHash "$b")" = "$ph" ]
	git -C "$T/ts" checkout -q -- src/sort.c
	step store --repo "$T/ts"
	assert_success
	# every stored object is in the local store under its root
	[ "$(grep -c . "$w/storage.jsonl")" -ge 5 ]
	while read -r line; do
		r=$(printf '%s\n' "$line" | jq -r .root)
		p=$(printf '%s\n' "$line" | jq -r .path)
		[ "$(or-hash zg "$w/$p" | jq -r .root)" = "$r" ]
		[ "$(printf '%s\n' "$line" | jq -r .backend)" = local ]
		or-put0g get "$r" -o "$T/back" > /dev/null
		cmp "$T/back" "$w/$p"
	done < "$w/storage.jsonl"
	# the dry run writes the plan and sends nothing
	before=$(or-rpc nonce "$ETH_FROM" | jq -r .nonce)
	step publish --repo "$T/ts" --token-symbol TSORT
	assert_success
	[ "$(stopped)" = dry_run ]
	[ "$(jq -r .summary.method "$w/publish-plan.json")" = ProjectRegistry.createProject ]
	[ "$(jq -r .summary.args.protocolHash "$w/publish-plan.json")" = "$ph" ]
	[ "$(jq -r .summary.args.tokenName "$w/publish-plan.json")" = 'ts Research' ]
	[ "$(or-rpc nonce "$ETH_FROM" | jq -r .nonce)" = "$before" ]
	[ ! -e "$w/publish.json" ]
	# wei amounts with units, and 0x, are read exactly
	step publish --repo "$T/ts" --token-symbol TSORT --base-price 0.002ether --slope 1.5gwei
	assert_success
	[ "$(jq -r .summary.args.basePrice "$w/publish-plan.json")" = 2000000000000000 ]
	[ "$(jq -r .summary.args.slope "$w/publish-plan.json")" = 1500000000 ]
	step publish --repo "$T/ts" --token-symbol TSORT --base-price 0x3e8 --slope 0
	assert_success
	[ "$(jq -r .summary.args.basePrice "$w/publish-plan.json")" = 1000 ]
	# a manifest of another chain is refused
	jq '.chainId = 1' "$OR_DEPLOYMENT" > "$T/other.json"
	step publish --repo "$T/ts" --deployment "$T/other.json" --yes
	[ "$status" -eq 1 ]
	[ "$(stopped)" = wrong_chain ]
	[ ! -e "$w/publish.jsonl" ]
	# an account without funds is refused before anything is signed
	mkdir -m 700 "$T/ks"
	printf 'pw\n' > "$T/pw"
	chmod 600 "$T/pw"
	poor=$(or-sign new --keystore "$T/ks" --password-file "$T/pw" | jq -r .address)
	ETH_FROM=$poor ETH_KEYSTORE=$T/ks ETH_PASSWORD=$T/pw step publish --repo "$T/ts" --yes
	[ "$status" -eq 1 ]
	[ "$(stopped)" = no_funds ]
	[ ! -e "$w/publish.jsonl" ]
	step publish --repo "$T/ts" --token-symbol TSORT --yes
	assert_success
	[ "$(stopped)" = published ]
	p=$w/publish.json
	id=$(jq -r .projectId "$p")
	[ "$(jq -r .projectRegistry "$p")" = "$(registry)" ]
	# getProject through or-abi and or-rpc equals publish.json and the stored roots
	got=$(project "$id")
	root() { jq -r --arg n "$1" 'select(.name == $n) | .root' "$w/storage.jsonl"; }
	[ "$(printf '%s' "$got" | jq -r '."0"')" = "$(root protocol)" ]
	[ "$(printf '%s' "$got" | jq -r '."1"')" = "$(root repoSnapshot)" ]
	[ "$(printf '%s' "$got" | jq -r '."2"')" = "$(root benchmark)" ]
	[ "$(printf '%s' "$got" | jq -r '."4"')" = "$(root baseline)" ]
	[ "$(printf '%s' "$got" | jq -r '."0"')" = "$(jq -r .protocolHash "$p")" ]
	[ "$(printf '%s' "$got" | jq -r '."1"')" = "$(jq -r .repoSnapshotHash "$p")" ]
	[ "$(printf '%s' "$got" | jq -r '."2"')" = "$(jq -r .benchmarkHash "$p")" ]
	[ "$(printf '%s' "$got" | jq -r '."3"')" = "$(jq -r .baselineScore "$p")" ]
	[ "$(printf '%s' "$got" | jq -r '."3"')" = -254784000000 ]
	[ "$(printf '%s' "$got" | jq -r '."4"')" = "$(jq -r .baselineMetricsHash "$p")" ]
	[ "$(printf '%s' "$got" | jq -r '."9"')" = "$(jq -r .token "$p")" ]
	[ "$(printf '%s' "$got" | jq -r '."10"')" = "$ETH_FROM" ]
	[ "$(jq -r .tokenParams.symbol "$p")" = TSORT ]
	[ "$(jq -r .protocolBundleId "$p")" = "local/ts@$(git -C "$T/ts" rev-parse HEAD | cut -c1-12)" ]
	# a second run finds the project and creates no other
	n=$(next_id)
	step publish --repo "$T/ts" --yes
	assert_success
	[ "$(stopped)" = already_published ]
	[ "$(jq -r .projectId "$p")" = "$id" ]
	[ "$(next_id)" = "$n" ]
}

@test "create.sh on noisy-timing through a file:// URL stops for the agent and the researcher" {
	need or-protocol or-gate or-pack or-bench or-put0g deployment
	account 2
	example noisy-timing "$T/origin"
	r=$T/clone
	w=$r/.autoresearch/create
	run dash "$S/create.sh" --dir "$r" "file://$T/origin"
	assert_success
	[ "$(stopped)" = awaiting_draft ]
	cp "$EX/noisy-timing/draft.json" "$w/"
	run dash "$S/create.sh" --repo "$r"
	assert_success
	[ "$(stopped)" = awaiting_protocol ]
	jq --slurpfile s "$w/protocol.json" '.meta += ($s[0].meta | {repo, protocolBundleId, createdAt})' \
	    "$EX/noisy-timing/protocol.json" > "$w/p.new" && mv "$w/p.new" "$w/protocol.json"
	# without a terminal and without --yes, the researcher has to approve
	run dash "$S/create.sh" --repo "$r" < /dev/null
	assert_success
	[ "$(stopped)" = awaiting_approval ]
	[ "$(jq -r .approved "$w/preview.json")" = false ]
	[ "$(jq -r .measurement.sampling.maxRelativeStdDev "$w/preview.json")" = 0.5 ]
	[ "$(jq -r .measurement.minScoreImprovementBips "$w/preview.json")" = 2000 ]
	[ "$(jq -r .metric.deterministic "$w/preview.json")" = false ]
	# a loaded machine may exceed either noise limit: the researcher accepts
	# both here, and the record says which were raised
	run dash "$S/create.sh" --repo "$r" --yes --accept-noise --accept-too-noisy
	assert_success
	[ "$(stopped)" = dry_run ]
	b=$w/baseline/baseline.json
	[ "$(jq -c .acceptedChecks "$b")" = "$(jq -c '[if .noisy then "too_noisy" else empty end,
	    if .noiseExceedsMargin then "noise_exceeds_margin" else empty end]' "$b")" ]
	[ "$(jq -r '.runs | length' "$b")" = 5 ]
	[ "$(jq -r .deterministic "$b")" = false ]
	[ "$(jq -r .metricScale "$b")" = 1000 ]
	run dash "$S/create.sh" --repo "$r" --publish
	assert_success
	[ "$(stopped)" = published ]
	p=$w/publish.json
	[ "$(jq -r .metricName "$p")" = elapsed_ms ]
	[ "$(jq -r .minScoreImprovementBips "$p")" = 2000 ]
	got=$(project "$(jq -r .projectId "$p")")
	[ "$(printf '%s' "$got" | jq -r '[."0", ."1", ."2", ."4", ."3"] | join(" ")')" = \
	    "$(jq -r '[.protocolHash, .repoSnapshotHash, .benchmarkHash, .baselineMetricsHash, .baselineScore] | join(" ")' "$p")" ]
	[ "$(jq -r .baselineScore "$p")" = "$(jq -r .score "$b")" ]
}

@test "a protocol changed after the approval is refused until it is approved again" {
	need or-protocol or-gate or-bench
	example tinysort "$T/ts"
	w=$T/ts/.autoresearch/create
	through render "$T/ts" tinysort
	jq '.execution.hardTimeoutSeconds = 90' "$w/protocol.json" > "$w/p.new" && mv "$w/p.new" "$w/protocol.json"
	step archives --repo "$T/ts"
	[ "$status" -eq 1 ]
	[ "$(stopped)" = approval_lapsed ]
	# checked again, it is still not approved
	step check --repo "$T/ts"
	assert_success
	step archives --repo "$T/ts"
	[ "$status" -eq 1 ]
	[ "$(stopped)" = approval_lapsed ]
	assert_output --partial 'run check.sh and preview.sh again'
	step render --repo "$T/ts"
	assert_success
	step preview --repo "$T/ts" --yes
	assert_success
	[ "$(jq -r .protocolHash "$w/preview.json")" = "$(or-hash zg "$w/protocol.json" | jq -r .root)" ]
}

@test "baseline: too noisy without the override, accepted and recorded with it" {
	need or-protocol or-gate or-pack or-bench
	example noisy-timing "$T/nt"
	w=$T/nt/.autoresearch/create
	step prepare "$T/nt"
	step inspect --repo "$T/nt"
	cp "$EX/noisy-timing/draft.json" "$w/"
	step scaffold --repo "$T/nt"
	# a timing measured to the microsecond never repeats exactly: with no
	# spread allowed, the baseline is too noisy
	jq --slurpfile s "$w/protocol.json" '.meta += ($s[0].meta | {repo, protocolBundleId, createdAt})
	    | .measurement.sampling.maxRelativeStdDev = 0' "$EX/noisy-timing/protocol.json" > "$w/p.new"
	mv "$w/p.new" "$w/protocol.json"
	step check --repo "$T/nt"
	assert_success
	step preview --repo "$T/nt" --yes
	assert_success
	step archives --repo "$T/nt"
	assert_success
	step baseline --repo "$T/nt" --accept-noise
	[ "$status" -eq 1 ]
	[ "$(stopped)" = too_noisy ]
	[ -f "$w/baseline/summary.json" ]
	[ "$(jq -r .summary.noisy "$w/baseline/summary.json")" = true ]
	[ ! -e "$w/baseline/baseline.json" ]
	step store --repo "$T/nt"
	[ "$status" -eq 1 ]
	[ "$(stopped)" = missing_input ]
	step baseline --repo "$T/nt" --accept-noise --accept-too-noisy
	assert_success
	jq -e '.acceptedChecks | index("too_noisy")' "$w/baseline/baseline.json"
}

@test "publish --yes killed between send and wait: the re-run creates no second project" {
	stored 3 killed
	n=$(next_id)
	# the node stops mining: the transaction is signed, journalled and sent,
	# and the wait never ends; the script is killed there
	or-rpc evm_setAutomine false > /dev/null
	setsid dash "$S/publish.sh" --repo "$T/ts" --yes > "$T/out" 2> "$T/err" &
	pid=$!
	for i in $(seq 100); do
		[ -n "$(or-rpc txpool_content | jq -r '.result.pending | keys[]')" ] && break
		sleep 0.1
	done
	grep -q '"state":"signed"' "$w/publish.jsonl"
	kill -TERM -- "-$pid"
	wait "$pid" || true
	[ ! -s "$T/out" ]
	or-rpc evm_setAutomine true > /dev/null
	step publish --repo "$T/ts" --yes
	assert_success
	[ "$(stopped)" = published ]
	[ "$(next_id)" = $((n + 1)) ]
	[ "$(jq -c 'select(.state == "signed")' "$w/publish.jsonl" | wc -l)" -eq 1 ]
	[ "$(jq -c 'select(.state == "mined")' "$w/publish.jsonl" | wc -l)" -eq 1 ]
	# and once more: found, not created
	step publish --repo "$T/ts" --yes
	assert_success
	[ "$(stopped)" = already_published ]
	[ "$(next_id)" = $((n + 1)) ]
}

@test "publish --yes: a journalled transaction whose nonce another one used is dropped, never re-signed blindly" {
	stored 4 dropped
	n=$(next_id)
	step publish --repo "$T/ts"
	assert_success
	# a run that signed and journalled, then died before sending
	jq -c '.tx | {to, data, value}' "$w/publish-plan.json" | or-rpc fill | or-sign tx |
	    jq -c '{step: "createProject", state: "signed", at: "2026-01-01T00:00:00Z", from, nonce, txHash, raw, to, chainId}' \
	    > "$w/publish.jsonl"
	lost=$(jq -r .txHash "$w/publish.jsonl")
	# meanwhile another transaction of the sender takes that nonce
	echo '{"to":"0x000000000000000000000000000000000000dead","value":"1"}' |
	    or-rpc fill | or-sign tx | or-rpc send | or-rpc wait > /dev/null
	step publish --repo "$T/ts" --yes
	assert_success
	[ "$(stopped)" = published ]
	assert_output --partial "was dropped"
	[ "$(jq -r .state "$w/publish.jsonl" | tr '\n' ' ')" = 'signed dropped signed mined ' ]
	[ "$(jq -r 'select(.state == "dropped") | .txHash' "$w/publish.jsonl")" = "$lost" ]
	[ "$(or-rpc eth_getTransactionReceipt "$lost" | jq -r .result)" = null ]
	[ "$(next_id)" = $((n + 1)) ]
}

@test "preview on a terminal asks group by group; one declined group is no approval" {
	need or-protocol or-gate or-bench
	example tinysort "$T/ts"
	w=$T/ts/.autoresearch/create
	step prepare "$T/ts"
	step inspect --repo "$T/ts"
	agent "$T/ts" tinysort
	PTY_ANSWERS=y,y,y,n run python3 "$OR_TOP/tests/hostile/pty-run.py" dash "$S/preview.sh" --repo "$T/ts"
	assert_success
	assert_output --partial 'approve metric? [y/N]'
	assert_output --partial 'approve measurement? [y/N]'
	refute_output --partial 'approve paths?'
	assert_output --partial '"stopped":"declined"'
	[ "$(jq -r .approved "$w/preview.json")" = false ]
	[ "$(jq -r .declined "$w/preview.json")" = measurement ]
	step archives --repo "$T/ts"
	[ "$status" -eq 1 ]
	[ "$(stopped)" = not_approved ]
	PTY_ANSWERS=y,y,y,y,y run python3 "$OR_TOP/tests/hostile/pty-run.py" dash "$S/preview.sh" --repo "$T/ts"
	assert_success
	[ "$(grep -c '\[y/N\]' <<< "$output")" -eq 5 ]
	assert_output --partial '"stopped":"approved"'
	[ "$(jq -r .approved "$w/preview.json")" = true ]
	[ "$(jq -r .approvedVia "$w/preview.json")" = terminal ]
	[ "$(jq -r .paths.immutable.first[0] "$w/preview.json")" = Makefile ]
	[ "$(jq -r '.execution.setupCommands[0]' "$w/preview.json")" = 'make build' ]
}

# lib SCRIPT: run sh code with lib.sh sourced, under dash.
lib() {
	run dash -c "prog=t.sh; . '$S/lib.sh'; $1"
}

@test "lib.sh: journals append whole lines with fsync and ignore a torn last line" {
	j=$T/j.jsonl
	lib "journal_append '$j' '{\"step\": \"a\",  \"state\": \"signed\"}'; journal_append '$j' '{\"step\":\"a\",\"state\":\"mined\"}'"
	assert_success
	[ "$(cat "$j")" = "$(printf '%s\n' '{"step":"a","state":"signed"}' '{"step":"a","state":"mined"}')" ]
	printf '{"step":"b","sta' >> "$j"
	lib "journal_read '$j'"
	assert_success
	[ "${#lines[@]}" -eq 3 ]	# the warning and two records
	assert_line --index 0 "t.sh: warning: '$j': ignoring a torn last line"
	assert_line --index 1 '{"step":"a","state":"signed"}'
	assert_line --index 2 '{"step":"a","state":"mined"}'
	# a broken line that is not the last one is an error
	printf 'xx\n{"step":"c"}\n' >> "$j"
	lib "journal_read '$j' > /dev/null"
	[ "$status" -eq 1 ]
	assert_output --partial 'holds a line that is not JSON'
	[ "$(final | jq -r .stopped)" = bad_journal ]
	# the pending transaction of a step: signed without a final entry
	printf '%s\n' '{"step":"s","state":"signed","txHash":"0x1"}' '{"step":"s","state":"dropped","txHash":"0x1"}' \
	    '{"step":"s","state":"signed","txHash":"0x2"}' '{"step":"t","state":"signed","txHash":"0x3"}' > "$j"
	lib "tx_pending '$j' s"
	assert_success
	assert_output '{"step":"s","state":"signed","txHash":"0x2"}'
	printf '%s\n' '{"step":"s","state":"mined","txHash":"0x2"}' >> "$j"
	lib "tx_pending '$j' s"
	assert_success
	assert_output ''
}

@test "lib.sh: atomic writes never follow a link, stamps name the changed file, die ends with one JSON line" {
	echo old > "$T/target"
	ln -s "$T/target" "$T/link"
	lib "echo new | write_atomic '$T/link'"
	[ "$status" -eq 3 ]
	[ "$(cat "$T/target")" = old ]
	[ "$(final | jq -r .stopped)" = unsafe_path ]
	lib "echo '{\"a\":1}' | json_write '$T/f.json'"
	assert_success
	[ "$(jq -c . "$T/f.json")" = '{"a":1}' ]
	[ -z "$(find "$T" -name '.tmp.*')" ]
	mkdir "$T/ws"
	echo 1 > "$T/ws/in"
	echo 2 > "$T/ws/out"
	lib "stamp_write '$T/ws' s in out; stamp_check '$T/ws' s s.sh"
	assert_success
	echo 3 > "$T/ws/in"
	lib "stamp_check '$T/ws' s s.sh"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 2 ]
	assert_line --index 0 "t.sh: error: 'in' changed since s.sh ran: run s.sh again"
	[ "$(final | jq -c '{stopped, status, wrote}')" = '{"stopped":"stale_input","status":1,"wrote":[]}' ]
	rm "$T/ws/in"
	lib "stamp_check '$T/ws' s s.sh"
	[ "$status" -eq 1 ]
	assert_output --partial "'in' changed since s.sh ran"
	lib "stamp_check '$T/ws' never never.sh"
	[ "$status" -eq 1 ]
	assert_output --partial 'never.sh has not run yet'
}

@test "store with OR_STORAGE=0g: every object submitted to 0G (the loopback node) and read back from the node" {
	need or-protocol or-gate or-pack or-bench or-put0g
	[ -x "$OR_BUILD/helpers/zg-node" ] && [ -f "$OR_TOP/contracts/out/ZgTestFlow.json" ] ||
	    skip "the 0G doubles (zg-node, ZgTestFlow; branch or-put0g) have not landed on main"
	account 5
	example tinysort "$T/ts" zg
	w=$T/ts/.autoresearch/create
	through baseline "$T/ts" tinysort
	deploy() {
		or-abi encode --bytecode "$(jq -r .bytecode "$OR_TOP/contracts/out/$1.json")" "$2" "$3" |
		    or-rpc fill | or-sign tx | or-rpc send | or-rpc wait | jq -r .receipt.contractAddress
	}
	market=$(deploy ZgTestMarket 'constructor(uint256)' 1000)
	flow=$(deploy ZgTestFlow 'constructor(address)' "$market")
	"$OR_BUILD/helpers/zg-node" --rpc "$ETH_RPC_URL" --flow "$flow" --log "$T/node.log" \
	    > "$T/node.url" 2> "$T/node.err" 3>&- &
	node=$!
	for i in $(seq 100); do [ -s "$T/node.url" ] && break; sleep 0.05; done
	url=$(jq -r .url "$T/node.url")
	OR_STORAGE=0g OR_ZG_NODES=$url step store --repo "$T/ts"
	st=$status
	out=$output
	# every object is on the node: read back through an empty local store
	ok=0
	while read -r line; do
		[ "$(printf '%s\n' "$line" | jq -r .backend)" = 0g ]
		[ "$(printf '%s\n' "$line" | jq -r '.txHash | length')" -eq 66 ] || { cat "$w/storage.jsonl"; echo "$out"; false; }
		r=$(printf '%s\n' "$line" | jq -r .root)
		OR_STORE=$T/empty or-put0g get --node "$url" -o "$T/back" "$r" > /dev/null
		cmp "$T/back" "$w/$(printf '%s\n' "$line" | jq -r .path)"
		ok=$((ok + 1))
	done < "$w/storage.jsonl"
	kill "$node"
	[ "$st" -eq 0 ] || { echo "$out"; false; }
	[ "$ok" -eq "$(jq -s length "$w/storage.jsonl")" ]
	[ "$ok" -ge 5 ]
}

@test "publish checks its token parameters before anything else" {
	example tinysort "$T/ts"
	for bad in '--token-symbol abc' '--token-symbol ABCDEFGHIJKL' '--base-price 1.5' '--slope -1' \
	    '--base-price 1furlong' '--slope 0.1wei' '--base-price 0x' '--miner-pool-cap 0' '--miner-pool-cap 000' '--base-price 0 --slope 00' \
	    "--token-name $(printf 'x%.0s' $(seq 65))" '--token-name=' '--token-symbol='; do
		# shellcheck disable=SC2086
		step publish --repo "$T/ts" $bad
		[ "$status" -eq 2 ] || { echo "$bad: $output"; false; }
		[ "$(stopped)" = usage ]
	done
	# valid parameters get as far as the missing workspace
	step publish --repo "$T/ts" --token-symbol A1 --base-price 0 --slope 1 --miner-pool-cap 1
	[ "$status" -eq 1 ]
	[ "$(stopped)" = missing_input ]
}

@test "prepare refuses a repository without a commit, and a path that is not one" {
	mkdir "$T/empty" "$T/plain"
	git -C "$T/empty" init -q
	step prepare "$T/empty"
	[ "$status" -eq 1 ]
	[ "$(stopped)" = no_commit ]
	step prepare "$T/plain"
	[ "$status" -eq 1 ]
	[ "$(stopped)" = not_a_repo ]
	step prepare "$T/missing"
	[ "$status" -eq 1 ]
	[ "$(stopped)" = not_found ]
	step prepare
	[ "$status" -eq 2 ]
	[ "$(stopped)" = usage ]
	step prepare "$T/plain" "$T/empty"
	[ "$status" -eq 2 ]
}

@test "scaffold: a draft with problems is refused, each problem a JSON line; an edited protocol is kept" {
	need or-protocol
	example tinysort "$T/ts"
	w=$T/ts/.autoresearch/create
	step prepare "$T/ts"
	jq 'del(.execution) | .meta.archetypeGuess = "bogus"' "$EX/tinysort/draft.json" > "$w/draft.json"
	step scaffold --repo "$T/ts"
	[ "$status" -eq 1 ]
	[ "$(stopped)" = bad_draft ]
	[ "$(printf '%s\n' "$output" | grep -c '"kind":"protocolProblem"')" -eq 2 ]
	assert_output --partial '"field":"/execution"'
	assert_output --partial '"field":"/meta/archetypeGuess"'
	[ ! -e "$w/protocol.json" ]
	cp "$EX/tinysort/draft.json" "$w/draft.json"
	step scaffold --repo "$T/ts"
	assert_success
	[ "$(jq -r .schemaKind "$w/protocol.json")" = protocol ]
	[ "$(jq -r .meta.protocolBundleId "$w/protocol.json")" = "local/ts@$(git -C "$T/ts" rev-parse HEAD | cut -c1-12)" ]
	[ "$(jq -r .execution.command "$w/protocol.json")" = './build/bench data/suite.txt' ]
	# scaffolding again replaces its own output, but not the agent's edits
	step scaffold --repo "$T/ts"
	assert_success
	jq '.immutableHarness.rationale = "edited"' "$w/protocol.json" > "$w/p" && mv "$w/p" "$w/protocol.json"
	step scaffold --repo "$T/ts"
	[ "$status" -eq 1 ]
	[ "$(stopped)" = protocol_exists ]
	[ "$(jq -r .immutableHarness.rationale "$w/protocol.json")" = edited ]
	step scaffold --repo "$T/ts" --force
	assert_success
	[ "$(jq -r .immutableHarness.rationale "$w/protocol.json")" = "" ]
}

@test "check: the scaffold's gaps as JSON lines until the agent fills them, then the normalised bytes" {
	need or-protocol
	example tinysort "$T/ts"
	w=$T/ts/.autoresearch/create
	step prepare "$T/ts"
	cp "$EX/tinysort/draft.json" "$w/draft.json"
	step scaffold --repo "$T/ts"
	assert_success
	step check --repo "$T/ts"
	[ "$status" -eq 1 ]
	[ "$(stopped)" = protocol_invalid ]
	assert_output --partial '"field":"/immutableHarness/rationale"'
	assert_output --partial '"field":"/meta/eligibility"'
	[ ! -e "$w/stamps/check" ]
	step preview --repo "$T/ts"
	[ "$status" -eq 1 ]
	[ "$(stopped)" = missing_input ]
	jq '.immutableHarness.rationale = "The driver and its data define the score." | .meta.eligibility = "eligible"' \
	    "$w/protocol.json" > "$w/p"
	# any layout goes in; the normalised bytes come out
	jq -c . "$w/p" > "$w/protocol.json"
	step check --repo "$T/ts"
	assert_success
	[ "$(stopped)" = checked ]
	[ "$(final | jq -r .protocolHash)" = "$(or-hash zg "$w/protocol.json" | jq -r .root)" ]
	cmp <(or-protocol fmt "$w/protocol.json") "$w/protocol.json"
	[ "$(sed -n 2p "$w/protocol.json")" = '  "agentRules": {},' ]
	# an uncommitted edit of a tracked file stops check (the commit is what is packaged)
	echo '/* edit */' >> "$T/ts/src/sort.c"
	step check --repo "$T/ts"
	[ "$status" -eq 1 ]
	[ "$(stopped)" = dirty_tree ]
}
