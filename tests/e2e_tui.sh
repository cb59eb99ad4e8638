#!/bin/sh
# End-to-end test of the terminal UI in a real terminal (tmux): start
# bpstep, send keys, read the screen, check what a user would see.
# Prints "e2e: N passed, M failed"; exits 1 if anything failed.
#
# Same answer on every run: a private tmux server on a socket in a fresh
# mktemp directory (never a shared name in /tmp), a pane whose environment is
# built from nothing (no COLUMNS, LINES, TERM or locale from the caller), and
# checks that wait for a condition instead of sleeping: `check` waits for a
# text to appear, `check_gone` for a text that was on screen to go.
BPSTEP=${BPSTEP:-./bpstep}
BIN=$(cd "$(dirname "$BPSTEP")" && pwd)/$(basename "$BPSTEP")
# how long a check waits (tenths of a second): generous, since a check that
# passes returns as soon as its condition holds, even under ASan on a busy machine
E2E_WAIT=${E2E_WAIT:-600}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bpstep-e2e.XXXXXX") || { echo "e2e: cannot make a temporary directory"; exit 1; }
T="tmux -S $WORK/tmux.sock"
passed=0
failed=0

cleanup() { $T kill-server 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'cleanup; trap - EXIT; exit 130' INT
trap 'cleanup; trap - EXIT; exit 143' TERM
trap 'cleanup; trap - EXIT; exit 129' HUP

screen() { $T capture-pane -p -t e2e; }
on_screen() { # on_screen GREP-FLAG TEXT
    screen | grep "$1" -q -- "$2"
}
wait_for() { # wait_for FLAG TEXT: until TEXT is on screen (grep FLAG: -F or -E)
    i=0
    while [ $i -lt "$E2E_WAIT" ]; do
        if on_screen "$1" "$2"; then return 0; fi
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}
wait_gone() { # wait_gone TEXT: until the fixed text TEXT is off the screen
    i=0
    while [ $i -lt "$E2E_WAIT" ]; do
        if ! on_screen -F "$1"; then return 0; fi
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}
pass() { passed=$((passed + 1)); }
fail() { # fail MESSAGE: one failure, with the screen it saw
    failed=$((failed + 1))
    echo "e2e FAIL: $1"
    screen | sed 's/^/  | /'
}
check() { # check NAME TEXT: TEXT (fixed) appears on screen
    if wait_for -F "$2"; then pass; else fail "$1: '$2' not on screen:"; fi
}
check_re() { # check_re NAME REGEX: an extended regular expression matches a line
    if wait_for -E "$2"; then pass; else fail "$1: /$2/ not on screen:"; fi
}
check_gone() { # check_gone NAME TEXT: TEXT, which a check saw on screen, goes
    if wait_gone "$2"; then pass; else fail "$1: '$2' still on screen"; fi
}

# The pane's shell starts from an empty environment: what the caller has in
# COLUMNS or LINES would otherwise reach ncurses and override the pane's size.
if ! $T -f /dev/null new-session -d -s e2e -x 120 -y 40 \
        "env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=$WORK LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color sh"; then
    echo "e2e: cannot start a tmux server on $WORK/tmux.sock"
    exit 1
fi
$T send-keys -t e2e "clear; $BIN; echo EXIT=\$?" Enter
check "starts at position 0" "0/19   next: fwd pad1"
$T send-keys -t e2e s s s s s
check "steps forward" "5/19   next: fwd flatten"
check "shows the pooling equation" "= mat(P_pool"
$T send-keys -t e2e 1
check "channel view shows P_pool restricted to channel 1" "Ppool1[1]  4 x 16"
check "the slides' pooled output" "5 9"
$T send-keys -t e2e p p
check "steps back" "3/19   next: fwd relu1"
$T send-keys -t e2e ':' 'print Z2' Enter
check "a command that cannot run now says so" "not computed yet"
$T send-keys -t e2e ':' 'run' Enter
check "runs to the end" "19/19"
$T send-keys -t e2e ':' 'set W1(1,5) = 2' Enter
check "one weight can be set, and everything is recomputed" "W1(1,5) set; recomputed 19 ops"
check "the loss moves with it" "loss 4.5"
$T send-keys -t e2e ':' 'set W1(1,:) = [1 2]' Enter
check "a row of the wrong length is refused, naming both sizes" "W1(1,:) has 9 entries, the matrix 2"
$T send-keys -t e2e ':' 'set W1(1,5) = 1' Enter
# the same message as the first set: the loss in the title bar says the set ran
check_re "and set back, with the loss it had" "^ bpstep .* loss 0\.5 "
# a long command (875 characters) runs whole: the ':' line keeps what the docs promise
LONG="print 1$(i=1; while [ $i -lt 437 ]; do printf '+1'; i=$((i + 1)); done)"
$T send-keys -t e2e ':'
$T send-keys -t e2e -l "$LONG"
$T send-keys -t e2e Enter
check_re "a long command line runs whole" "^[^(]*437 "
$T resize-window -t e2e -x 60 -y 20
check "a small terminal asks for more room" "this terminal is 60x20"
$T resize-window -t e2e -x 160 -y 50
check "comes back when enlarged" "19/19"
$T send-keys -t e2e '?'
check "help lists the keys" "toggle a breakpoint on the selected op"
$T send-keys -t e2e x q
check "quit restores the terminal" "EXIT=0"
check_gone "no UI left on screen" "next:"
# every key of the keymap once, in a real terminal (the arrows, Tab, paging
# and mouse go through ncurses' key decoding)
$T send-keys -t e2e "clear; $BIN --net lessons/nets/mnist.net; echo EXIT=\$?" Enter
check "the MNIST net opens" "0/33"
$T send-keys -t e2e Right Right Left
check "Right steps and Left steps back" "bpstep   1/33   next: fwd phi1"
# stepping back selects the op it undid (op 1); two down is op 3, g runs to just before it
$T send-keys -t e2e Down Down Up Down g
check "arrows move the selection, g goes to the selected op" "bpstep   2/33   next: fwd conv1"
$T send-keys -t e2e b
check "b sets a breakpoint on the selected op" "breakpoint 1"
$T send-keys -t e2e b
check "b again deletes it" "deleted breakpoint 1"
$T send-keys -t e2e c
check "c continues to the end without breakpoints" "33/33"
$T send-keys -t e2e r
check "r restarts at the first op" "bpstep   0/33   next: fwd pad1"
$T send-keys -t e2e l
check "l runs the layer" "5/33   next: fwd pad2"
$T send-keys -t e2e Tab BTab Tab h
check "h draws a heatmap with its legend" "blue+ red-"
$T send-keys -t e2e h + + - - H L J K PPage NPage Home End e
check "e outside a pooling backward says where to go" "compare needs dZ2"
$T send-keys -t e2e e '<' '>'
$T send-keys -t e2e ':' 'prnt' BSpace BSpace BSpace
check "BSpace edits the command line" ":p"
$T send-keys -t e2e Escape
check_gone "Escape closes the command line" ":p"
# readline's keys on the ':' line (issue 28): Ctrl-U kills the old text, so only the new runs
$T send-keys -t e2e ':' 'prnt Z1' C-u 'print Z1[1](2,1)' Enter
check "Ctrl-U kills to the start of the line" "Z1[1](2,1)  (1 x 1)"
# Alt-B twice goes back over '2' and '1' of W1(1,2); Ctrl-K kills from there; Left/Right move inside
$T send-keys -t e2e ':' 'print W1(1,2)' M-b M-b C-k '3,4' Left Left Right Right ')' Enter
check "Alt-B, Ctrl-K and Left/Right edit inside the line" "W1(3,4)  (1 x 1)"
# Ctrl-A / Ctrl-E jump to the ends, Ctrl-W kills a word, Alt-F moves over one
$T send-keys -t e2e ':' 'b3' C-a 'print ' C-e ' + dW1' C-w C-w '+ 1' C-a M-f M-f C-k '(2) * 2' Enter
check "Ctrl-A, Ctrl-E, Ctrl-W and Alt-F" "b3(2) * 2  (1 x 1)"
$T send-keys -t e2e ':' 'display loss' Enter ':' 'undisplay 1' Enter
check "display and undisplay from the : line" "display 1 removed"
$T send-keys -t e2e ':' 'info values' Enter
check "info values lists the values, in the result view" "result of 'info values'"
# a click on the program pane's third line (SGR mouse, 1-based column 10,
# row 5) selects op 3, whose equation then shows
$T send-keys -t e2e -l "$(printf '\033[<0;10;5M\033[<0;10;5m')"
check "a click selects the op under it" "3 fwd conv1 (done)"
$T send-keys -t e2e ':' 'goto 16' Enter
check "at fwd flatten of the MNIST net" "16/33"
$T send-keys -t e2e x
check "x without a selected entry prepares the command" ":explain Z4[4]("
$T send-keys -t e2e '1,1)' Enter
check "explain from the : line, one channel's pixel" "Z4[4](1,1) = "
# reading back the output, then new output scrolls into view again (issue 17.6)
check "explain's lines show in the main area" "result of 'explain Z4[4](1,1)'"
$T send-keys -t e2e o
check_gone "o puts the values back" "result of 'explain Z4[4](1,1)'"
$T send-keys -t e2e '<' '<' '<' '<' '<' '<' '<' '<' '<' '<' '<' '<' '<' '<' '<' '<' '<' '<' '<' '<'
check "< reads back, and says so" "lines back; > returns"
$T send-keys -t e2e ':' 'print 12345' Enter
check "new output comes into view" "12345"
check_gone "and the reading-back marker goes" "lines back"
$T send-keys -t e2e ':' 'prnt loss' Enter
check "a mistyped command gets a suggestion" "did you mean 'print'?"
$T send-keys -t e2e ':' Up
check "Up recalls the last command" ":prnt loss"
$T send-keys -t e2e Escape
check_gone "Escape closes the recalled line" ":prnt loss"
$T send-keys -t e2e ':' 'disp' Tab 'l' Tab
check "Tab completes a command, then a value name" ":display loss"
$T send-keys -t e2e Escape
check_gone "and Escape closes it" ":display loss"
$T send-keys -t e2e q
check "and quits after all that" "EXIT=0"
# lesson chapters with ] and [
$T send-keys -t e2e "clear; $BIN 02-fully-connected; echo EXIT=\$?" Enter
check "a four-chapter lesson starts" "chapter 1/4: The forward pass"
$T send-keys -t e2e ']'
check "] goes to the next chapter" "chapter 2/4: The start value"
check "which ends in a question" "answer: ds3(1) ="
# while a question waits the student may look around: a command, and the answer line comes back
$T send-keys -t e2e ':'
$T send-keys -t e2e 'print 31337'
check "':' on an empty answer line opens a command line" ":print 31337"
$T send-keys -t e2e Enter
check "the command runs while the question waits" "31337"
check "and the answer line comes back" "answer: ds3(1) ="
$T send-keys -t e2e Escape
check "Escape asks before it shows the answer" "show the answer? (y/n)"
$T send-keys -t e2e y
check "y shows it" "the answer: ds3(1) = -1"
$T send-keys -t e2e '['
check "[ goes back a chapter" "chapter 1/4: The forward pass"
$T send-keys -t e2e q q
check "and quits" "EXIT=0"
# a lesson's question: the command line becomes the answer line
$T send-keys -t e2e "clear; $BIN 02-fully-connected; echo EXIT=\$?" Enter
check "the lesson with questions starts" "chapter 1/4: The forward pass"
$T send-keys -t e2e Enter
check "a question waits for its answer" "answer: ds3(1) ="
$T send-keys -t e2e 5 Enter
check "a wrong answer gets one more try" "not quite, one more try; answer: ds3(1) ="
# the answer line's keys (issue 25): Ctrl-U clears it, < and > scroll the output, Tab completes a name
$T send-keys -t e2e 1 2
check "an answer being typed" "answer: ds3(1) = 12"
$T send-keys -t e2e C-u
check_gone "Ctrl-U clears the answer line" "answer: ds3(1) = 12"
$T send-keys -t e2e '<' '>' '<'
# (they scroll the result view of the wrong answer, or the output: tests/test_answer_line.c)
check_re "< and > scroll, never typed into a number" "try; answer: ds3\(1\) =$"
$T send-keys -t e2e -l -- "-1"
$T send-keys -t e2e Enter
check "a right answer is said so" "correct   (Enter: on with the lesson)"
$T send-keys -t e2e Enter
check "the chapter's end" "Enter: on with the lesson   ,: back"
$T send-keys -t e2e Enter
check "the next question" "answer: dW3(1,2) ="
$T send-keys -t e2e Escape y
check "shown" "the answer: dW3(1,2) = -1.5"
$T send-keys -t e2e Enter
check "a derive question" "Eq. (1) as a product"
$T send-keys -t e2e -l "ds3 * sig"
$T send-keys -t e2e Tab
check "Tab completes a value's name on a derive answer" "answer: ds3 * sigS1"
$T send-keys -t e2e C-u
$T send-keys -t e2e -l "ds3 * z3'"
$T send-keys -t e2e Enter
check "and the derivation is right" "correct   (Enter: on with the lesson)"
$T send-keys -t e2e q y
check "and quits" "EXIT=0"
# SIGINT restores the terminal too
$T send-keys -t e2e "clear; $BIN; echo EXIT=\$?" Enter
check "starts again" "0/19"
$T send-keys -t e2e C-c
check "Ctrl-C ends it with status 130" "EXIT=130"
# SIGTERM
$T send-keys -t e2e "clear; $BIN; echo EXIT=\$?" Enter
check "starts once more" "0/19"
pkill -TERM -P "$($T display -p -t e2e '#{pane_pid}')"
check "SIGTERM ends it with status 143" "EXIT=143"
# SIGQUIT (Ctrl-\\) left the alternate screen and echo off; now it ends like TERM
$T send-keys -t e2e "clear; $BIN; echo EXIT=\$?" Enter
check "starts for SIGQUIT" "0/19"
$T send-keys -t e2e 'C-\'
check "Ctrl-\\ ends it with status 131" "EXIT=131"
check_gone "and leaves no UI on screen" "next:"
# SIGHUP (terminal closed) while recording: every line of the .cast is whole
CAST="$WORK/hup.cast"
rm -f "$CAST"
$T send-keys -t e2e "clear; $BIN --record $CAST pooling; echo EXIT=\$?" Enter
check "starts recording" "Max pooling with 2 x 2 windows keeps"
$T send-keys -t e2e Enter Enter
pkill -HUP -P "$($T display -p -t e2e '#{pane_pid}')"
check "SIGHUP ends it with status 129" "EXIT=129"
if [ -s "$CAST" ] && ! grep -v -E '^(\{.*\}|\[.*\])$' "$CAST" | grep -q .; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    echo "e2e FAIL: after SIGHUP the recording has a cut line"
fi
rm -f "$CAST"
# a recording survives a resize: an asciicast "r" event, then frames at the new size
$T send-keys -t e2e "clear; $BIN --record $WORK/resize.cast; echo EXIT=\$?" Enter
check "starts recording the debugger" "0/19   next: fwd pad1"
$T resize-window -t e2e -x 100 -y 30
i=0 # the event is written with the first frame at the new size, into the new file beside the target
while [ $i -lt "$E2E_WAIT" ] && ! cat "$WORK"/.bpstep-* 2>/dev/null | grep -q '"r", "100x30"\]'; do sleep 0.1; i=$((i + 1)); done
$T send-keys -t e2e q
check "and quits" "EXIT=0"
$T resize-window -t e2e -x 120 -y 40
if grep -q '"r", "100x30"\]' "$WORK/resize.cast"; then pass; else fail "the recording has no resize event"; fi
# no colour
$T send-keys -t e2e "clear; NO_COLOR=1 $BIN; echo EXIT=\$?" Enter
check "NO_COLOR works" "0/19"
$T send-keys -t e2e q
check "and quits" "EXIT=0"
# a lesson in the terminal: questions, Enter goes on, ',' goes back, R resumes
$T send-keys -t e2e "clear; $BIN pooling; echo EXIT=\$?" Enter
check "a lesson starts with its narration" "Max pooling with 2 x 2 windows keeps"
check "its chapter and title" "chapter 1/3: The slides' example  -  Max pooling and P_pool"
check "it opens before the op it talks about, with a question" "answer: Z2[1](2,2) ="
check "the state before the op" "4/19   next: fwd pool1"
$T send-keys -t e2e 6 Enter
check "the right answer" "correct   (Enter: on with the lesson)"
$T send-keys -t e2e Enter
check "Enter goes on" "5/19   next: fwd flatten"
$T send-keys -t e2e Enter
check "the next chapter asks too" "chapter 2/3: P_pool  -  Max pooling"
$T send-keys -t e2e Escape
check "Escape asks first" "show the answer? (y/n)"
$T send-keys -t e2e y
check "Escape, y shows the answer" "the answer: Ppool1[1] * vec(sigS1[1])"
check "a highlighted value is shown" "sigS1[1]  4 x 4  (see the narration)"
$T send-keys -t e2e r
check "the reader may explore" "0/19"
$T send-keys -t e2e R
check "R resumes where the lesson was" "4/19"
$T send-keys -t e2e ','
check "comma goes back" "lesson: chapter 1/3: The slides' example"
$T send-keys -t e2e q
check "q in a lesson asks first" "quit the lesson? q or y quits, any other key stays"
$T send-keys -t e2e y
check "and y quits" "EXIT=0"
# autoplay and a recording of the terminal session
rm -f "$WORK/autoplay.cast"
$T send-keys -t e2e "clear; $BIN --autoplay 0.3 --record $WORK/autoplay.cast pooling; echo EXIT=\$?" Enter
check "autoplay reaches the end by itself, answering its questions" "the end of the lesson"
check "in its last chapter" "chapter 3/3: Ties"
$T send-keys -t e2e q
check "and quits" "EXIT=0"
if head -1 "$WORK/autoplay.cast" | grep -q '"version": 2' && [ "$(grep -c '"m"' "$WORK/autoplay.cast")" -eq 3 ]; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    echo "e2e FAIL: the recording lacks its header or its 3 chapter markers"
fi
rm -f "$WORK/autoplay.cast"
# a lesson on a projector-sized terminal: the narration says there is more, PgDn scrolls it
$T resize-window -t e2e -x 80 -y 24
$T send-keys -t e2e "clear; $BIN pooling; echo EXIT=\$?" Enter
check "at 80 columns the narration has the full width" "Max pooling with 2 x 2 windows keeps the"
check "and the program is a position strip" "op 4 of 19: fwd relu1"
check "and the values the lesson points at come first (its printed result is behind o)" "sigS1[1]  4 x 4  (written)"
$T send-keys -t e2e Escape
check "Escape asks" "show the answer? (y/n)"
$T send-keys -t e2e y
check "the answer shown, explained in the main area" "result of 'the answer'"
check "the narration box says how much shows" "narration 1-5/7 PgDn"
$T send-keys -t e2e NPage
check "PgDn scrolls the narration to its end" "narration 3-7/7 PgUp"
$T send-keys -t e2e PPage
check "PgUp back" "narration 1-5/7 PgDn"
$T send-keys -t e2e q q
check "q twice quits a lesson" "EXIT=0"
# the result over the whole screen (O): it scrolls by pages and says where; q closes it
$T send-keys -t e2e "clear; $BIN; echo EXIT=\$?" Enter
check "the debugger opens at 80x24" "0/19"
$T send-keys -t e2e ':' 'info values' Enter
check "info values is the result view" "result of 'info values'"
$T send-keys -t e2e O
check_re "O shows it over the screen, from its first row" "result of 'info values' 1-19/[0-9]+ > more"
$T send-keys -t e2e NPage
check_re "PgDn: the next page, to its last row" "result of 'info values' [0-9]+-([0-9]+)/\\1 < back"
$T send-keys -t e2e q o
check "q closes the overlay (and o shows the values)" "Z1[1]  4 x 4"
$T send-keys -t e2e q
check "and quits" "EXIT=0"
$T resize-window -t e2e -x 120 -y 40
# paint mode on the MNIST-shaped net: draw, then ask the network
$T send-keys -t e2e "clear; $BIN --net $(pwd)/lessons/nets/mnist.net; echo EXIT=\$?" Enter
check "the MNIST net opens" "0/33"
$T send-keys -t e2e P
check "P opens the paint pane" "paint Z1 (28 x 28)"
$T send-keys -t e2e c Up ' ' Left ' '
check "space paints the pixel under the cursor" "cursor (13,13) = 1"
$T send-keys -t e2e Enter
check "Enter runs the forward pass and shows the top outputs" "the network says:"
$T send-keys -t e2e P
check_gone "P leaves paint mode" "paint Z1 (28 x 28)"
$T send-keys -t e2e ':' 'goto 4' Enter Tab a
check "a shows every channel as a thumbnail" "32 channels, averaged; H/L picks"
$T send-keys -t e2e L L
check "L picks the next channel" "sigS1[3]  28 x 28"
$T send-keys -t e2e a
# the handwritten 7 came with its label: the loss op's values say which class y is
$T send-keys -t e2e ':' 'goto 18' Enter
check "the values pane says which class y is" "y = e_8: class 7"
$T send-keys -t e2e q
check "and quits" "EXIT=0"
# training with a live loss curve, on a tiny IDX folder written here
D="$WORK/data"
mkdir -p "$D"
printf 'L = 3; LC = 1; wd_input = [4]; ht_input = [4]; ch_input = [1,2];\nwd_pad_added = [0]; wd_filter = [3]; strides = [1];\nwd_subimage_pool = [1];\nfull_neurons = [6,10];\n' > "$D/n.net"
for set in train t10k; do
    printf '\000\000\010\003\000\000\000\040\000\000\000\004\000\000\000\004' > "$D/$set-images-idx3-ubyte"
    printf '\000\000\010\001\000\000\000\040' > "$D/$set-labels-idx1-ubyte"
    i=0
    while [ $i -lt 32 ]; do
        k=$((i % 10)); j=0
        while [ $j -lt 16 ]; do
            if [ $j -eq $k ]; then printf '\310'; else printf '\000'; fi
            j=$((j + 1))
        done >> "$D/$set-images-idx3-ubyte"
        printf "\\$(printf '%03o' $k)" >> "$D/$set-labels-idx1-ubyte"
        i=$((i + 1))
    done
done
$T send-keys -t e2e "clear; $BIN --net $D/n.net --data $D; echo EXIT=\$?" Enter
check_re "a network with data opens" "bpstep +0/[0-9]+ +next: fwd"
$T send-keys -t e2e ':' 'train 300 steps batch=4 lr=0.02' Enter
check "the training pane ends with the loss curve" "training: done (any key)"
check "the pane shows the loss per batch" "loss per batch (log scale), 300 batches"
$T send-keys -t e2e x
check_gone "any key closes the pane" "training: done"
check "the trained network is on screen" "on screen: training image"
$T send-keys -t e2e T
check "T shows the pane again" "loss per batch (log scale), 300 batches"
check "with how the last train ended (issue 25)" "last train: 300 batches, 1200 images"
check "and that there was no test yet" "no test yet: ':test'"
$T send-keys -t e2e x
check_gone "any key closes it" "loss per batch (log scale)"
$T send-keys -t e2e ':' 'test' Enter
check "test reports the accuracy" "test accuracy = "
check_re "in its own line, the training pane not opened" "^ *test accuracy = [0-9.]+% \\(([0-9]+) of 32\\)"
if on_screen -F "loss per batch (log scale)"; then fail "test opened the training pane"; else pass; fi
$T send-keys -t e2e T
check "T shows the last test's accuracy" "last test: accuracy "
$T send-keys -t e2e x
$T send-keys -t e2e q
check "and quits" "EXIT=0"
rm -rf "$D"
# a PyTorch model read from ONNX (issue 26): its cross-entropy loss op, stepped
$T send-keys -t e2e "clear; $BIN --net lessons/nets/lenet.onnx; echo EXIT=\$?" Enter
check "a PyTorch LeNet opens from ONNX" "0/32   next: fwd pad1"
$T send-keys -t e2e ':' 'break bwd loss' Enter ':' 'continue' Enter
check "its loss is the softmax cross-entropy" "softmax"
$T send-keys -t e2e s
check "its first backward value is softmax(z) - y" "18 bwd loss (done)"
$T send-keys -t e2e q
check "and quits" "EXIT=0"
# autoplay yields to the presenter: a countdown, any other key pauses it, space resumes; q asks once
printf 'title Two chapters\nchapter One\nsay First words.\npause\nchapter Two\nsay Second words.\n' > "$WORK/two.lesson"
$T send-keys -t e2e "clear; $BIN --autoplay 30 $WORK/two.lesson; echo EXIT=\$?" Enter
check_re "autoplay counts down on the status line" "^ next in [0-9]+ s  Enter on"
check_re "the countdown moves each second" "^ next in 2[0-9] s "
$T send-keys -t e2e h
check "any other key pauses autoplay, and says so" "autoplay paused: space resumes"
check_re "the status line says it is paused" "^ paused  Enter on"
$T send-keys -t e2e ' '
check_re "space resumes it" "^ next in [0-9]+ s "
$T send-keys -t e2e q
check "q asks once" "quit the lesson? q or y quits, any other key stays"
check_re "the question holds the clock" "^ held  "
$T send-keys -t e2e x
check "any other key stays" "still in the lesson"
$T send-keys -t e2e q q
check "q again quits" "EXIT=0"
$T send-keys -t e2e "clear; $BIN --chapter TIES pooling; echo EXIT=\$?" Enter
check "--chapter starts a lesson at a chapter named by its title's start" "chapter 3/3: Ties  -  Max pooling"
$T send-keys -t e2e q q
check "and quits" "EXIT=0"
# a resize from 140 to 80 columns leaves nothing of the wider screen behind
# (a character of the wide status line stayed in the bottom-right cell)
$T resize-window -t e2e -x 140 -y 24
$T send-keys -t e2e "clear; $BIN; echo EXIT=\$?" Enter
check "the wide screen's hints" "e compare  n layer"
$T resize-window -t e2e -x 80 -y 24
check_re "after the resize the status line ends where its text does" "e compare  \? help  q quit$"
$T send-keys -t e2e q
check "and quits" "EXIT=0"
$T resize-window -t e2e -x 120 -y 40
# not a terminal
$T send-keys -t e2e "clear; $BIN </dev/null >/dev/null; echo EXIT=\$?" Enter
check "without a terminal it says to use --batch" "use 'bpstep --batch'"

echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
