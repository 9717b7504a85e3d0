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
            __port0_parse_subcommand 0 'profile=' 'device=+' 'egress' 'hook=+' 'priority=' 'table=' 'action=' 'log' 'log-prefix=' 'log-rate=' 'no-counters' 'exempt=+' 'exempt-file=+' 'o/output=' 'q/quiet' 'version' 'h/help'
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
complete -c 'port0' -n '__port0_should_offer_completions_for_positional "port0" -eq 1' -fa 'render' -d 'Print the ruleset as an nft -f script.'
complete -c 'port0' -n '__port0_should_offer_completions_for_positional "port0" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" profile' -l 'profile' -d 'host: inet table, prerouting + output chains. edge: netdev table on --device links.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render"' -l 'device' -d 'Edge: a link to protect (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" egress' -l 'egress' -d 'Edge: also drop port-0 packets leaving the --device links (netdev egress).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render"' -l 'hook' -d 'Hook to filter in, instead of the profile\'s (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" priority' -l 'priority' -d 'Chain priority: an integer or raw, mangle, filter, … with an offset (\'raw - 10\').' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" table' -l 'table' -d 'Name of port0\'s table.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" action' -l 'action' -d 'drop, or reject (TCP reset / ICMP port unreachable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" log' -l 'log' -d 'Log dropped packets (rate-limited).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" log-prefix' -l 'log-prefix' -d 'Log prefix (implies --log).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" log-rate' -l 'log-rate' -d 'Log at most N/second|minute|hour (implies --log; default 10/minute).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" no-counters' -l 'no-counters' -d 'Do not count drops in named counters.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render"' -l 'exempt' -d 'Never match packets from or to this prefix (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render"' -l 'exempt-file' -d 'Read exempt prefixes from a file, one per line, \'#\' comments (repeatable).' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" o output' -l 'output' -s 'o' -d 'Write to this file atomically instead of stdout.' -rfka ''
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" q quiet' -l 'quiet' -s 'q' -d 'Print only errors on stderr (no notes or warnings).'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" version' -l 'version' -d 'Show the version.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 render" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'port0' -n '__port0_should_offer_completions_for_flags_or_options "port0 help" version' -l 'version' -d 'Show the version.'
