function __port0_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __port0_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __port0_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __port0_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __port0_parse_tokens -S
    set -l unparsed_tokens (__port0_tokens -pc)
    switch $unparsed_tokens[1]
    case 'port0'
        __port0_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'render'
            __port0_parse_subcommand 0 'profile=' 'device=+' 'egress' 'hook=+' 'priority=' 'table=' 'action=' 'log' 'log-prefix=' 'log-rate=' 'log-group=' 'log-snaplen=' 'track-sources=' 'no-counters' 'exempt=+' 'exempt-file=+' 'encap=' 'allow-exempt-all' 'input-timeout=' 'format=' 'flowspec-syntax=' 'o/output=' 'q/quiet' 'version' 'h/help'
        case 'apply'
            __port0_parse_subcommand 0 'profile=' 'device=+' 'egress' 'hook=+' 'priority=' 'table=' 'action=' 'log' 'log-prefix=' 'log-rate=' 'log-group=' 'log-snaplen=' 'track-sources=' 'no-counters' 'exempt=+' 'exempt-file=+' 'encap=' 'allow-exempt-all' 'input-timeout=' 'netns=' 'q/quiet' 'allow-missing-device' 'adopt' 'check' 'json' 'version' 'h/help'
        case 'check'
            __port0_parse_subcommand 0 'profile=' 'device=+' 'egress' 'hook=+' 'priority=' 'table=' 'action=' 'log' 'log-prefix=' 'log-rate=' 'log-group=' 'log-snaplen=' 'track-sources=' 'no-counters' 'exempt=+' 'exempt-file=+' 'encap=' 'allow-exempt-all' 'input-timeout=' 'netns=' 'q/quiet' 'allow-missing-device' 'adopt' 'version' 'h/help'
        case 'plan'
            __port0_parse_subcommand 0 'profile=' 'device=+' 'egress' 'hook=+' 'priority=' 'table=' 'action=' 'log' 'log-prefix=' 'log-rate=' 'log-group=' 'log-snaplen=' 'track-sources=' 'no-counters' 'exempt=+' 'exempt-file=+' 'encap=' 'allow-exempt-all' 'input-timeout=' 'netns=' 'live=' 'q/quiet' 'detailed-exitcode' 'adopt' 'format=' 'version' 'h/help'
        case 'status'
            __port0_parse_subcommand 0 'profile=' 'device=+' 'egress' 'hook=+' 'priority=' 'table=' 'action=' 'log' 'log-prefix=' 'log-rate=' 'log-group=' 'log-snaplen=' 'track-sources=' 'no-counters' 'exempt=+' 'exempt-file=+' 'encap=' 'allow-exempt-all' 'input-timeout=' 'netns=' 'live=' 'q/quiet' 'format=' 'o/output=' 'top=' 'prometheus-top=' 'version' 'h/help'
        case 'remove'
            __port0_parse_subcommand 0 'profile=' 'device=+' 'egress' 'hook=+' 'priority=' 'table=' 'action=' 'log' 'log-prefix=' 'log-rate=' 'log-group=' 'log-snaplen=' 'track-sources=' 'no-counters' 'exempt=+' 'exempt-file=+' 'encap=' 'allow-exempt-all' 'input-timeout=' 'netns=' 'q/quiet' 'adopt' 'version' 'h/help'
        case 'guard'
            __port0_parse_subcommand 0 'profile=' 'device=+' 'egress' 'hook=+' 'priority=' 'table=' 'action=' 'log' 'log-prefix=' 'log-rate=' 'log-group=' 'log-snaplen=' 'track-sources=' 'no-counters' 'exempt=+' 'exempt-file=+' 'encap=' 'allow-exempt-all' 'input-timeout=' 'netns=' 'q/quiet' 'options-file=' 'metrics-file=' 'metrics-interval=' 'allow-missing-device' 'own-table' 'version' 'h/help'
        case 'selftest'
            __port0_parse_subcommand 0 'profile=' 'device=+' 'egress' 'hook=+' 'priority=' 'table=' 'action=' 'log' 'log-prefix=' 'log-rate=' 'log-group=' 'log-snaplen=' 'track-sources=' 'no-counters' 'exempt=+' 'exempt-file=+' 'encap=' 'allow-exempt-all' 'input-timeout=' 'q/quiet' 'version' 'h/help'
        case 'help'
            __port0_parse_subcommand -r 1 'version'
        end
    end
end

function __port0_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __port0_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __port0_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __port0_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__port0_tokens -p)
    if test -z "$(__port0_tokens -t)"
        set -l index (count (__port0_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'port0' -f
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0" version' -l 'version' -d 'Show the version.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'port0' -n '__port0_should_offer_completions_for_positional "port0" -eq 1' -fa 'render' -d 'Print the ruleset as an nft -f (or nft -j -f) script, or as BGP FlowSpec rules.'
complete -c 'port0' -n '__port0_should_offer_completions_for_positional "port0" -eq 1' -fa 'apply' -d 'Install the ruleset in the kernel in one atomic netlink batch.'
complete -c 'port0' -n '__port0_should_offer_completions_for_positional "port0" -eq 1' -fa 'check' -d 'Check the ruleset with the kernel without committing anything.'
complete -c 'port0' -n '__port0_should_offer_completions_for_positional "port0" -eq 1' -fa 'plan' -d 'Show what apply would change: "no changes" or a diff of the live table against the configuration.'
complete -c 'port0' -n '__port0_should_offer_completions_for_positional "port0" -eq 1' -fa 'status' -d 'Report whether port0\'s table is installed and matches the configuration, and what it dropped.'
complete -c 'port0' -n '__port0_should_offer_completions_for_positional "port0" -eq 1' -fa 'remove' -d 'Delete port0\'s table from the kernel; no other table is touched.'
complete -c 'port0' -n '__port0_should_offer_completions_for_positional "port0" -eq 1' -fa 'guard' -d 'Apply the table, then keep it in place: restore it whenever something else removes or changes it.'
complete -c 'port0' -n '__port0_should_offer_completions_for_positional "port0" -eq 1' -fa 'selftest' -d 'Prove the ruleset with real packets in private network namespaces.'
complete -c 'port0' -n '__port0_should_offer_completions_for_positional "port0" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" profile' -l 'profile' -d 'host: inet table, prerouting + output chains. edge: netdev table on --device links. (default: host)' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render"' -l 'device' -d 'Edge: a link to protect (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" egress' -l 'egress' -d 'Edge: also drop port-0 packets leaving the --device links (netdev egress).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render"' -l 'hook' -d 'Hook to filter in, instead of the profile\'s (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" priority' -l 'priority' -d 'Chain priority: an integer or raw, mangle, filter, … with an offset (\'raw - 10\').' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" table' -l 'table' -d 'Name of port0\'s table. (default: port0)' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" action' -l 'action' -d 'drop, or reject (TCP reset / ICMP port unreachable). (default: drop)' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" log' -l 'log' -d 'Log dropped packets (rate-limited).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" log-prefix' -l 'log-prefix' -d 'Log prefix (implies --log).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" log-rate' -l 'log-rate' -d 'Log at most N/second|minute|hour (implies --log; default 10/minute).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" log-group' -l 'log-group' -d 'Send logged packets to NFLOG group N (0-65535) instead of the kernel log (implies --log).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" log-snaplen' -l 'log-snaplen' -d 'Copy at most this many bytes of each packet to the --log-group.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" track-sources' -l 'track-sources' -d 'Count dropped packets per source address in dynamic sets of SIZE entries per IP version (SIZE optional: default 65536; 1-hour timeout); see status --top.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" no-counters' -l 'no-counters' -d 'Do not count drops in named counters.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render"' -l 'exempt' -d 'Never match packets from or to this prefix (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render"' -l 'exempt-file' -d 'Read exempt prefixes from a file, one per line, \'#\' comments (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" encap' -l 'encap' -d 'Edge: all (default) drops port 0 inside VLAN, PPPoE and MPLS frames too; none looks at plain IP only.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" allow-exempt-all' -l 'allow-exempt-all' -d 'Accept an exempt prefix covering a whole family (0.0.0.0/0, ::/0): port0 then drops nothing there.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" input-timeout' -l 'input-timeout' -d 'Seconds a pipe or FIFO --exempt-file may take to get a writer and deliver everything (default 30).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" format' -l 'format' -d 'text (nft -f), json (nft -j -f) or flowspec (BGP FlowSpec for routers).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" flowspec-syntax' -l 'flowspec-syntax' -d 'With --format flowspec: bird (BIRD 2, the default), exabgp (ExaBGP 4) or gobgp (gobgp commands).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" o output' -l 'output' -s 'o' -d 'Write to this file instead of stdout: a regular file atomically, a device or FIFO through.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" q quiet' -l 'quiet' -s 'q' -d 'Print only errors on stderr (no notes or warnings).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" version' -l 'version' -d 'Show the version.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 apply" profile' -l 'profile' -d 'host: inet table, prerouting + output chains. edge: netdev table on --device links. (default: host)' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 apply"' -l 'device' -d 'Edge: a link to protect (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 apply" egress' -l 'egress' -d 'Edge: also drop port-0 packets leaving the --device links (netdev egress).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 apply"' -l 'hook' -d 'Hook to filter in, instead of the profile\'s (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 apply" priority' -l 'priority' -d 'Chain priority: an integer or raw, mangle, filter, … with an offset (\'raw - 10\').' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 apply" table' -l 'table' -d 'Name of port0\'s table. (default: port0)' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 apply" action' -l 'action' -d 'drop, or reject (TCP reset / ICMP port unreachable). (default: drop)' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 apply" log' -l 'log' -d 'Log dropped packets (rate-limited).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 apply" log-prefix' -l 'log-prefix' -d 'Log prefix (implies --log).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 apply" log-rate' -l 'log-rate' -d 'Log at most N/second|minute|hour (implies --log; default 10/minute).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 apply" log-group' -l 'log-group' -d 'Send logged packets to NFLOG group N (0-65535) instead of the kernel log (implies --log).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 apply" log-snaplen' -l 'log-snaplen' -d 'Copy at most this many bytes of each packet to the --log-group.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 apply" track-sources' -l 'track-sources' -d 'Count dropped packets per source address in dynamic sets of SIZE entries per IP version (SIZE optional: default 65536; 1-hour timeout); see status --top.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 apply" no-counters' -l 'no-counters' -d 'Do not count drops in named counters.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 apply"' -l 'exempt' -d 'Never match packets from or to this prefix (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 apply"' -l 'exempt-file' -d 'Read exempt prefixes from a file, one per line, \'#\' comments (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 apply" encap' -l 'encap' -d 'Edge: all (default) drops port 0 inside VLAN, PPPoE and MPLS frames too; none looks at plain IP only.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 apply" allow-exempt-all' -l 'allow-exempt-all' -d 'Accept an exempt prefix covering a whole family (0.0.0.0/0, ::/0): port0 then drops nothing there.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 apply" input-timeout' -l 'input-timeout' -d 'Seconds a pipe or FIFO --exempt-file may take to get a writer and deliver everything (default 30).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 apply" netns' -l 'netns' -d 'Act in this network namespace: a name from `ip netns` (/run/netns/NAME) or a path.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 apply" q quiet' -l 'quiet' -s 'q' -d 'Print only errors on stderr (no notes or warnings).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 apply" allow-missing-device' -l 'allow-missing-device' -d 'Accept --device links that do not exist (yet) in the target namespace.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 apply" adopt' -l 'adopt' -d 'Replace or remove a table of this name that port0 did not create (one without port0\'s comment).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 apply" check' -l 'check' -d 'Only check with the kernel, as `port0 check` does; commit nothing.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 apply" json' -l 'json' -d 'Print the outcome as one JSON object: {"changed": true|false, …}.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 apply" version' -l 'version' -d 'Show the version.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 apply" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 check" profile' -l 'profile' -d 'host: inet table, prerouting + output chains. edge: netdev table on --device links. (default: host)' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 check"' -l 'device' -d 'Edge: a link to protect (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 check" egress' -l 'egress' -d 'Edge: also drop port-0 packets leaving the --device links (netdev egress).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 check"' -l 'hook' -d 'Hook to filter in, instead of the profile\'s (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 check" priority' -l 'priority' -d 'Chain priority: an integer or raw, mangle, filter, … with an offset (\'raw - 10\').' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 check" table' -l 'table' -d 'Name of port0\'s table. (default: port0)' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 check" action' -l 'action' -d 'drop, or reject (TCP reset / ICMP port unreachable). (default: drop)' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 check" log' -l 'log' -d 'Log dropped packets (rate-limited).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 check" log-prefix' -l 'log-prefix' -d 'Log prefix (implies --log).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 check" log-rate' -l 'log-rate' -d 'Log at most N/second|minute|hour (implies --log; default 10/minute).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 check" log-group' -l 'log-group' -d 'Send logged packets to NFLOG group N (0-65535) instead of the kernel log (implies --log).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 check" log-snaplen' -l 'log-snaplen' -d 'Copy at most this many bytes of each packet to the --log-group.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 check" track-sources' -l 'track-sources' -d 'Count dropped packets per source address in dynamic sets of SIZE entries per IP version (SIZE optional: default 65536; 1-hour timeout); see status --top.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 check" no-counters' -l 'no-counters' -d 'Do not count drops in named counters.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 check"' -l 'exempt' -d 'Never match packets from or to this prefix (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 check"' -l 'exempt-file' -d 'Read exempt prefixes from a file, one per line, \'#\' comments (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 check" encap' -l 'encap' -d 'Edge: all (default) drops port 0 inside VLAN, PPPoE and MPLS frames too; none looks at plain IP only.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 check" allow-exempt-all' -l 'allow-exempt-all' -d 'Accept an exempt prefix covering a whole family (0.0.0.0/0, ::/0): port0 then drops nothing there.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 check" input-timeout' -l 'input-timeout' -d 'Seconds a pipe or FIFO --exempt-file may take to get a writer and deliver everything (default 30).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 check" netns' -l 'netns' -d 'Act in this network namespace: a name from `ip netns` (/run/netns/NAME) or a path.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 check" q quiet' -l 'quiet' -s 'q' -d 'Print only errors on stderr (no notes or warnings).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 check" allow-missing-device' -l 'allow-missing-device' -d 'Accept --device links that do not exist (yet) in the target namespace.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 check" adopt' -l 'adopt' -d 'Replace or remove a table of this name that port0 did not create (one without port0\'s comment).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 check" version' -l 'version' -d 'Show the version.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 check" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 plan" profile' -l 'profile' -d 'host: inet table, prerouting + output chains. edge: netdev table on --device links. (default: host)' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 plan"' -l 'device' -d 'Edge: a link to protect (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 plan" egress' -l 'egress' -d 'Edge: also drop port-0 packets leaving the --device links (netdev egress).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 plan"' -l 'hook' -d 'Hook to filter in, instead of the profile\'s (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 plan" priority' -l 'priority' -d 'Chain priority: an integer or raw, mangle, filter, … with an offset (\'raw - 10\').' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 plan" table' -l 'table' -d 'Name of port0\'s table. (default: port0)' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 plan" action' -l 'action' -d 'drop, or reject (TCP reset / ICMP port unreachable). (default: drop)' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 plan" log' -l 'log' -d 'Log dropped packets (rate-limited).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 plan" log-prefix' -l 'log-prefix' -d 'Log prefix (implies --log).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 plan" log-rate' -l 'log-rate' -d 'Log at most N/second|minute|hour (implies --log; default 10/minute).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 plan" log-group' -l 'log-group' -d 'Send logged packets to NFLOG group N (0-65535) instead of the kernel log (implies --log).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 plan" log-snaplen' -l 'log-snaplen' -d 'Copy at most this many bytes of each packet to the --log-group.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 plan" track-sources' -l 'track-sources' -d 'Count dropped packets per source address in dynamic sets of SIZE entries per IP version (SIZE optional: default 65536; 1-hour timeout); see status --top.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 plan" no-counters' -l 'no-counters' -d 'Do not count drops in named counters.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 plan"' -l 'exempt' -d 'Never match packets from or to this prefix (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 plan"' -l 'exempt-file' -d 'Read exempt prefixes from a file, one per line, \'#\' comments (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 plan" encap' -l 'encap' -d 'Edge: all (default) drops port 0 inside VLAN, PPPoE and MPLS frames too; none looks at plain IP only.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 plan" allow-exempt-all' -l 'allow-exempt-all' -d 'Accept an exempt prefix covering a whole family (0.0.0.0/0, ::/0): port0 then drops nothing there.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 plan" input-timeout' -l 'input-timeout' -d 'Seconds a pipe or FIFO --exempt-file may take to get a writer and deliver everything (default 30).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 plan" netns' -l 'netns' -d 'Act in this network namespace: a name from `ip netns` (/run/netns/NAME) or a path.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 plan" live' -l 'live' -d 'Read the live ruleset from a saved `nft -j list ruleset` listing (- for stdin) instead of the kernel.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 plan" q quiet' -l 'quiet' -s 'q' -d 'Print only errors on stderr (no notes or warnings).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 plan" detailed-exitcode' -l 'detailed-exitcode' -d 'Exit 2 when changes are pending, 0 when there are none (1 is an error).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 plan" adopt' -l 'adopt' -d 'Replace or remove a table of this name that port0 did not create (one without port0\'s comment).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 plan" format' -l 'format' -d 'text (a unified diff) or json.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 plan" version' -l 'version' -d 'Show the version.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 plan" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status" profile' -l 'profile' -d 'host: inet table, prerouting + output chains. edge: netdev table on --device links. (default: host)' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status"' -l 'device' -d 'Edge: a link to protect (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status" egress' -l 'egress' -d 'Edge: also drop port-0 packets leaving the --device links (netdev egress).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status"' -l 'hook' -d 'Hook to filter in, instead of the profile\'s (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status" priority' -l 'priority' -d 'Chain priority: an integer or raw, mangle, filter, … with an offset (\'raw - 10\').' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status" table' -l 'table' -d 'Name of port0\'s table. (default: port0)' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status" action' -l 'action' -d 'drop, or reject (TCP reset / ICMP port unreachable). (default: drop)' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status" log' -l 'log' -d 'Log dropped packets (rate-limited).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status" log-prefix' -l 'log-prefix' -d 'Log prefix (implies --log).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status" log-rate' -l 'log-rate' -d 'Log at most N/second|minute|hour (implies --log; default 10/minute).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status" log-group' -l 'log-group' -d 'Send logged packets to NFLOG group N (0-65535) instead of the kernel log (implies --log).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status" log-snaplen' -l 'log-snaplen' -d 'Copy at most this many bytes of each packet to the --log-group.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status" track-sources' -l 'track-sources' -d 'Count dropped packets per source address in dynamic sets of SIZE entries per IP version (SIZE optional: default 65536; 1-hour timeout); see status --top.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status" no-counters' -l 'no-counters' -d 'Do not count drops in named counters.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status"' -l 'exempt' -d 'Never match packets from or to this prefix (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status"' -l 'exempt-file' -d 'Read exempt prefixes from a file, one per line, \'#\' comments (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status" encap' -l 'encap' -d 'Edge: all (default) drops port 0 inside VLAN, PPPoE and MPLS frames too; none looks at plain IP only.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status" allow-exempt-all' -l 'allow-exempt-all' -d 'Accept an exempt prefix covering a whole family (0.0.0.0/0, ::/0): port0 then drops nothing there.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status" input-timeout' -l 'input-timeout' -d 'Seconds a pipe or FIFO --exempt-file may take to get a writer and deliver everything (default 30).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status" netns' -l 'netns' -d 'Act in this network namespace: a name from `ip netns` (/run/netns/NAME) or a path.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status" live' -l 'live' -d 'Read the live ruleset from a saved `nft -j list ruleset` listing (- for stdin) instead of the kernel.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status" q quiet' -l 'quiet' -s 'q' -d 'Print only errors on stderr (no notes or warnings).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status" format' -l 'format' -d 'text, json or prometheus.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status" o output' -l 'output' -s 'o' -d 'Write to this file instead of stdout: a regular file atomically, a device or FIFO through.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status" top' -l 'top' -d 'List the N sources with the most dropped packets (--track-sources), in text and JSON.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status" prometheus-top' -l 'prometheus-top' -d 'Prometheus: export only the top K sources as series (default 10, at most 1000).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status" version' -l 'version' -d 'Show the version.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 remove" profile' -l 'profile' -d 'host: inet table, prerouting + output chains. edge: netdev table on --device links. (default: host)' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 remove"' -l 'device' -d 'Edge: a link to protect (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 remove" egress' -l 'egress' -d 'Edge: also drop port-0 packets leaving the --device links (netdev egress).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 remove"' -l 'hook' -d 'Hook to filter in, instead of the profile\'s (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 remove" priority' -l 'priority' -d 'Chain priority: an integer or raw, mangle, filter, … with an offset (\'raw - 10\').' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 remove" table' -l 'table' -d 'Name of port0\'s table. (default: port0)' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 remove" action' -l 'action' -d 'drop, or reject (TCP reset / ICMP port unreachable). (default: drop)' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 remove" log' -l 'log' -d 'Log dropped packets (rate-limited).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 remove" log-prefix' -l 'log-prefix' -d 'Log prefix (implies --log).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 remove" log-rate' -l 'log-rate' -d 'Log at most N/second|minute|hour (implies --log; default 10/minute).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 remove" log-group' -l 'log-group' -d 'Send logged packets to NFLOG group N (0-65535) instead of the kernel log (implies --log).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 remove" log-snaplen' -l 'log-snaplen' -d 'Copy at most this many bytes of each packet to the --log-group.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 remove" track-sources' -l 'track-sources' -d 'Count dropped packets per source address in dynamic sets of SIZE entries per IP version (SIZE optional: default 65536; 1-hour timeout); see status --top.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 remove" no-counters' -l 'no-counters' -d 'Do not count drops in named counters.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 remove"' -l 'exempt' -d 'Never match packets from or to this prefix (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 remove"' -l 'exempt-file' -d 'Read exempt prefixes from a file, one per line, \'#\' comments (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 remove" encap' -l 'encap' -d 'Edge: all (default) drops port 0 inside VLAN, PPPoE and MPLS frames too; none looks at plain IP only.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 remove" allow-exempt-all' -l 'allow-exempt-all' -d 'Accept an exempt prefix covering a whole family (0.0.0.0/0, ::/0): port0 then drops nothing there.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 remove" input-timeout' -l 'input-timeout' -d 'Seconds a pipe or FIFO --exempt-file may take to get a writer and deliver everything (default 30).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 remove" netns' -l 'netns' -d 'Act in this network namespace: a name from `ip netns` (/run/netns/NAME) or a path.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 remove" q quiet' -l 'quiet' -s 'q' -d 'Print only errors on stderr (no notes or warnings).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 remove" adopt' -l 'adopt' -d 'Replace or remove a table of this name that port0 did not create (one without port0\'s comment).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 remove" version' -l 'version' -d 'Show the version.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 remove" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard" profile' -l 'profile' -d 'host: inet table, prerouting + output chains. edge: netdev table on --device links. (default: host)' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard"' -l 'device' -d 'Edge: a link to protect (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard" egress' -l 'egress' -d 'Edge: also drop port-0 packets leaving the --device links (netdev egress).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard"' -l 'hook' -d 'Hook to filter in, instead of the profile\'s (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard" priority' -l 'priority' -d 'Chain priority: an integer or raw, mangle, filter, … with an offset (\'raw - 10\').' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard" table' -l 'table' -d 'Name of port0\'s table. (default: port0)' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard" action' -l 'action' -d 'drop, or reject (TCP reset / ICMP port unreachable). (default: drop)' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard" log' -l 'log' -d 'Log dropped packets (rate-limited).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard" log-prefix' -l 'log-prefix' -d 'Log prefix (implies --log).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard" log-rate' -l 'log-rate' -d 'Log at most N/second|minute|hour (implies --log; default 10/minute).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard" log-group' -l 'log-group' -d 'Send logged packets to NFLOG group N (0-65535) instead of the kernel log (implies --log).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard" log-snaplen' -l 'log-snaplen' -d 'Copy at most this many bytes of each packet to the --log-group.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard" track-sources' -l 'track-sources' -d 'Count dropped packets per source address in dynamic sets of SIZE entries per IP version (SIZE optional: default 65536; 1-hour timeout); see status --top.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard" no-counters' -l 'no-counters' -d 'Do not count drops in named counters.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard"' -l 'exempt' -d 'Never match packets from or to this prefix (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard"' -l 'exempt-file' -d 'Read exempt prefixes from a file, one per line, \'#\' comments (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard" encap' -l 'encap' -d 'Edge: all (default) drops port 0 inside VLAN, PPPoE and MPLS frames too; none looks at plain IP only.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard" allow-exempt-all' -l 'allow-exempt-all' -d 'Accept an exempt prefix covering a whole family (0.0.0.0/0, ::/0): port0 then drops nothing there.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard" input-timeout' -l 'input-timeout' -d 'Seconds a pipe or FIFO --exempt-file may take to get a writer and deliver everything (default 30).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard" netns' -l 'netns' -d 'Act in this network namespace: a name from `ip netns` (/run/netns/NAME) or a path.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard" q quiet' -l 'quiet' -s 'q' -d 'Print only errors on stderr (no notes or warnings).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard" options-file' -l 'options-file' -d 'Take the ruleset options from this file (PORT0_TABLE_OPTS, PORT0_OPTS: the /etc/default/port0 format) instead of the command line; re-read on SIGHUP.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard" metrics-file' -l 'metrics-file' -d 'Keep this Prometheus textfile up to date (written atomically).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard" metrics-interval' -l 'metrics-interval' -d 'Seconds between metrics writes (and table checks) with --metrics-file.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard" allow-missing-device' -l 'allow-missing-device' -d 'Start even if a --device link does not exist yet; the table is restored when it appears.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard" own-table' -l 'own-table' -d 'Own the table (flags owner, persist; Linux 6.9+): other programs\' flush ruleset skips it and cannot change it; it stays when the guard exits.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard" version' -l 'version' -d 'Show the version.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 guard" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 selftest" profile' -l 'profile' -d 'host: inet table, prerouting + output chains. edge: netdev table on --device links. (default: host)' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 selftest"' -l 'device' -d 'Edge: a link to protect (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 selftest" egress' -l 'egress' -d 'Edge: also drop port-0 packets leaving the --device links (netdev egress).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 selftest"' -l 'hook' -d 'Hook to filter in, instead of the profile\'s (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 selftest" priority' -l 'priority' -d 'Chain priority: an integer or raw, mangle, filter, … with an offset (\'raw - 10\').' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 selftest" table' -l 'table' -d 'Name of port0\'s table. (default: port0)' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 selftest" action' -l 'action' -d 'drop, or reject (TCP reset / ICMP port unreachable). (default: drop)' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 selftest" log' -l 'log' -d 'Log dropped packets (rate-limited).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 selftest" log-prefix' -l 'log-prefix' -d 'Log prefix (implies --log).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 selftest" log-rate' -l 'log-rate' -d 'Log at most N/second|minute|hour (implies --log; default 10/minute).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 selftest" log-group' -l 'log-group' -d 'Send logged packets to NFLOG group N (0-65535) instead of the kernel log (implies --log).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 selftest" log-snaplen' -l 'log-snaplen' -d 'Copy at most this many bytes of each packet to the --log-group.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 selftest" track-sources' -l 'track-sources' -d 'Count dropped packets per source address in dynamic sets of SIZE entries per IP version (SIZE optional: default 65536; 1-hour timeout); see status --top.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 selftest" no-counters' -l 'no-counters' -d 'Do not count drops in named counters.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 selftest"' -l 'exempt' -d 'Never match packets from or to this prefix (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 selftest"' -l 'exempt-file' -d 'Read exempt prefixes from a file, one per line, \'#\' comments (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 selftest" encap' -l 'encap' -d 'Edge: all (default) drops port 0 inside VLAN, PPPoE and MPLS frames too; none looks at plain IP only.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 selftest" allow-exempt-all' -l 'allow-exempt-all' -d 'Accept an exempt prefix covering a whole family (0.0.0.0/0, ::/0): port0 then drops nothing there.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 selftest" input-timeout' -l 'input-timeout' -d 'Seconds a pipe or FIFO --exempt-file may take to get a writer and deliver everything (default 30).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 selftest" q quiet' -l 'quiet' -s 'q' -d 'Print only errors on stderr (no notes or warnings).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 selftest" version' -l 'version' -d 'Show the version.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 selftest" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 help" version' -l 'version' -d 'Show the version.'
