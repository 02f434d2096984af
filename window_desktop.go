//go:build desktop

package main

// hasWindow is true in the desktop build (tags desktop,production or desktop,dev).
const hasWindow = true
