// Package i18n picks the learner's language and holds the command layer's messages in
// Korean and English.
package i18n

import (
	"os"
	"strings"
)

// Supported languages, Korean first: the course was written in Korean.
var Supported = []string{"ko", "en"}

// Detect returns the language from LC_ALL, LC_MESSAGES or LANG, as POSIX orders them;
// English where none names a supported language.
func Detect() string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if val := os.Getenv(v); val != "" {
			if l := Normalize(val); l != "" {
				return l
			}
			return "en"
		}
	}
	return "en"
}

// Normalize maps "ko_KR.UTF-8", "ko" or "KO" to "ko"; "" for an unsupported language.
func Normalize(s string) string {
	s = strings.ToLower(s)
	for _, l := range Supported {
		if s == l || strings.HasPrefix(s, l+"_") || strings.HasPrefix(s, l+"-") || strings.HasPrefix(s, l+".") {
			return l
		}
	}
	return ""
}

// Pick returns ko in Korean and en otherwise.
func Pick(lang, en, ko string) string {
	if lang == "ko" {
		return ko
	}
	return en
}
