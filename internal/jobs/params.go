package jobs

import (
	"fmt"
	"math"
)

// Params are the parameters of a job as the window sends them: JSON values, so numbers arrive
// as float64. A parameter that is absent reads as the zero value; one of the wrong type is an
// error that names it.
type Params map[string]any

// String reads a text parameter.
func (p Params) String(key string) (string, error) {
	switch v := p[key].(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	}
	return "", fmt.Errorf("parameter %q must be text, not %v", key, p[key])
}

// Bool reads a true/false parameter.
func (p Params) Bool(key string) (bool, error) {
	switch v := p[key].(type) {
	case nil:
		return false, nil
	case bool:
		return v, nil
	}
	return false, fmt.Errorf("parameter %q must be true or false, not %v", key, p[key])
}

// Int reads a whole-number parameter.
func (p Params) Int(key string) (int, error) {
	switch v := p[key].(type) {
	case nil:
		return 0, nil
	case int:
		return v, nil
	case int64:
		return int(v), nil
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1<<31 {
			return int(v), nil
		}
	}
	return 0, fmt.Errorf("parameter %q must be a whole number, not %v", key, p[key])
}
