//go:build !desktop

package main

// hasWindow is false in a plain 'go build': every command works, the window does not.
const hasWindow = false
