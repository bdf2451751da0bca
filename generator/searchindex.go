package generator

// searchFiles returns the files of the client-side search index.
func (b *builder) searchFiles() map[string][]byte { return nil }
