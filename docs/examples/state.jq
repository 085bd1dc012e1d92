# The complete state of a coordination, from the answer to the GraphQL request in docs/state.md:
#   jq -f docs/examples/state.jq answer.json
# The body's state block, with each graph list (issues, edges, waves, criticalPath, cycles) the
# concatenation of that list across the state comments it lists, decoded to the version-1 objects.
# Fails when the answer's comments are not the ones the block lists (read again with its ids).

def long($home): if startswith("#") then $home + . else . end;

def issues($home):
  .issues as $t
  | if $t == null then [] else [$t.rows[] | [$t.keys, .] | transpose | map({(.[0]): .[1]}) | add | .ref |= long($home) | .blockedBy |= map(long($home))] end;

def edges($home):
  [(.edges // [])[] | .[0] as $to | .[1] as $source | .[2][] | {from: long($home), to: ($to | long($home)), source: $source}];

.data as $d
| ($d.repository.issue.body | gsub("\r"; "") | [match("<!-- coordinator:state (.*?) -->"; "g")] | last | .captures[0].string | fromjson) as $state
| ($state.coordination | sub("#[0-9]+$"; "")) as $home
| if ($state.parts // []) == [] then $state
  else
    if [($d.parts // [])[] | .id] != [$state.parts[].node] then error("the state comments listed are not the ones read: read again with the ids the block lists") else . end
    | [$d.parts[] | .body | capture("^<!-- coordinator:state-part (?<json>.*?) -->").json | fromjson] as $parts
    | $state
    | .issues = [$parts[] | issues($home)[]]
    | .edges = [$parts[] | edges($home)[]]
    | .waves = [$parts[] | (.waves // [])[] | map(long($home))]
    | .criticalPath = [$parts[] | (.criticalPath // [])[] | long($home)]
    | .cycles = [$parts[] | (.cycles // [])[] | map(long($home))]
    | del(.parts)
    | .truncated |= map(select(. != "issues, edges, waves, criticalPath, cycles: complete in the state comments listed in parts"))
    | if .truncated == [] then del(.truncated) else . end
  end
