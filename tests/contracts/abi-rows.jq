# rows of an artifact ABI for contracts/abi.tsv: contract, kind, canonical
# signature, mutability, outputs, indexed flags ($c = the contract name)
def t: if (.type|startswith("tuple")) then "(" + ([.components[]|t]|join(",")) + ")" + (.type|ltrimstr("tuple")) else .type end;
.abi[] | select(.type=="function" or .type=="event" or .type=="error") |
[$c, .type, (.name + "(" + ([.inputs[]|t]|join(",")) + ")"),
 (.stateMutability // "-"),
 (if .type=="function" then "(" + ((.outputs // []) | map(t) | join(",")) + ")" else "-" end),
 (if .type=="event" then ([.inputs[]|if .indexed then "1" else "0" end]|join("")) else "-" end)] | @tsv
