// Command dockademy teaches Docker by doing: lessons in the terminal, exercises
// checked on the learner's own Docker Engine.
package main

import "os"

func main() { os.Exit(Main()) }
