package lessons

import (
	"os"
	"sync"
	"testing"
)

func TestZZRace(t *testing.T) {
	src, _ := os.ReadFile("testdata/course/en/01-full.md")
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				if _, err := Parse("x.md", src, "en", os.DirFS("testdata/course"), "en"); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
}
