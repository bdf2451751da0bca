package diag

import (
	"errors"
	"io"
	"io/fs"
	"syscall"
)

// OSReason says in Portuguese why a file operation failed, for the common
// causes; the operating system's own (English) text never reaches the user
// for those.
func OSReason(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, fs.ErrNotExist):
		return "arquivo ou pasta não encontrado"
	case errors.Is(err, fs.ErrPermission):
		return "sem permissão"
	case errors.Is(err, syscall.ENOSPC):
		return "sem espaço no disco"
	case errors.Is(err, syscall.EROFS):
		return "o disco só permite leitura"
	case errors.Is(err, syscall.ENOTDIR):
		return "há um arquivo onde devia haver uma pasta"
	case errors.Is(err, syscall.EISDIR):
		return "há uma pasta onde devia haver um arquivo"
	case errors.Is(err, syscall.ELOOP):
		return "links simbólicos demais no caminho (um link aponta para si mesmo?)"
	case errors.Is(err, syscall.ENAMETOOLONG):
		return "nome de arquivo longo demais"
	case errors.Is(err, syscall.EMFILE), errors.Is(err, syscall.ENFILE):
		return "arquivos abertos demais ao mesmo tempo"
	case errors.Is(err, syscall.EIO):
		return "erro de leitura ou gravação no disco"
	case errors.Is(err, syscall.EEXIST):
		return "já existe"
	case errors.Is(err, syscall.ENOTEMPTY):
		return "a pasta não está vazia"
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "o arquivo terminou antes do esperado"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
