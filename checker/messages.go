package checker

import (
	"fmt"
	"maps"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Messages are kept in a catalogue, one entry per message id with its English and
// Korean text, so that a missing translation is a test failure rather than a
// surprise in class. Sentences (m...) explain a verdict; values (v...) are the short
// phrases of Expected and Actual. Arguments are already-rendered strings or numbers;
// a sentence wraps references, paths and commands in backticks itself.
//
// Korean text is 합니다체. Particles never follow an argument directly, because their
// form depends on the argument's last sound: a fixed noun (이미지, 파일, 컨테이너) or
// the copula (…입니다) stands between them.

// msgID names a message in the catalogue.
type msgID string

// texts is one message in both languages, as fmt formats.
type texts struct {
	en, ko string
}

var catalogue = merge(valueTexts, artifactTexts, engineTexts, limitTexts)

func merge(parts ...map[msgID]texts) map[msgID]texts {
	all := map[msgID]texts{}
	for _, p := range parts {
		maps.Copy(all, p)
	}
	return all
}

// language reduces a language tag to one that the catalogue has: "ko", "ko-KR" and
// "ko_KR" are Korean, anything else English.
func language(lang string) string {
	l := strings.ToLower(lang)
	if l == "ko" || strings.HasPrefix(l, "ko-") || strings.HasPrefix(l, "ko_") {
		return "ko"
	}
	return "en"
}

// msg formats a message in lang. An English sentence that begins with an argument
// such as "the last run" is capitalised; Korean has no case, and an argument such as
// an image reference must keep its own.
func msg(lang string, id msgID, args ...any) string {
	t, ok := catalogue[id]
	if !ok {
		// A programming error, caught by the catalogue test; say which id rather than
		// print nothing.
		return string(id)
	}
	if language(lang) == "ko" {
		return fmt.Sprintf(t.ko, args...)
	}
	out := fmt.Sprintf(t.en, args...)
	if r, size := utf8.DecodeRuneInString(out); unicode.IsLower(r) && strings.HasPrefix(string(id), "m.") {
		out = string(unicode.ToUpper(r)) + out[size:]
	}
	return out
}
