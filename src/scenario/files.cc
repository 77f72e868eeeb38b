#include "scenario/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace hospsim {
namespace {

std::string reason(int error) { return std::strerror(error); }

// "a FIFO", "a character device", ... for a file that is not regular.
std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "a special file";
}

Status not_regular(const std::string& path, mode_t mode, std::string_view what) {
  return Status::not_found(path + ": is " + kind_of(mode) + ", not a regular file; expected " +
                           std::string(what));
}

// Writes all of `content` to `fd`, retrying short writes and EINTR. Returns 0 or the errno.
int write_fully(int fd, std::string_view content) {
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t written = ::write(fd, content.data() + done, content.size() - done);
    if (written < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (written == 0) return EIO;
    done += static_cast<std::size_t>(written);
  }
  return 0;
}

}  // namespace

Status check_input_size(const std::string& file_name, std::uintmax_t size, std::size_t max_bytes) {
  if (size <= max_bytes) return Status::ok();
  return Status::from_problems({Problem{file_name, 0, 0, "",
                                        "file is " + std::to_string(size) + " bytes; more than " +
                                            std::to_string(max_bytes) + " bytes is refused"}});
}

Result<std::string> read_input_file(const std::string& path, std::size_t max_bytes, std::string_view what) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR) {
      return Status::not_found(path + ": cannot open the file (missing or unreadable)");
    }
    return Status::not_found(path + ": cannot open the file (" + reason(error) + ")");
  }
  if (S_ISDIR(info.st_mode)) {
    return Status::not_found(path + ": is a directory; expected " + std::string(what));
  }
  if (!S_ISREG(info.st_mode)) return not_regular(path, info.st_mode, what);
  if (Status size = check_input_size(path, static_cast<std::uintmax_t>(info.st_size), max_bytes);
      !size.is_ok()) {
    return size;
  }
  // O_NONBLOCK: if the path was replaced by a FIFO since stat(), opening it must not wait for a writer.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return Status::not_found(path + ": cannot open the file (" + reason(errno) + ")");
  struct stat opened {};
  if (::fstat(fd, &opened) != 0 || !S_ISREG(opened.st_mode)) {
    ::close(fd);
    return not_regular(path, opened.st_mode, what);
  }
  std::string text;
  text.reserve(static_cast<std::size_t>(opened.st_size));
  char buffer[1 << 16];
  while (true) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      return Status::not_found(path + ": cannot read the file (" + reason(error) + ")");
    }
    if (got == 0) break;
    text.append(buffer, static_cast<std::size_t>(got));
    if (text.size() > max_bytes) {  // the file grew while we read it
      ::close(fd);
      return Status::from_problems({Problem{
          path, 0, 0, "", "file is more than " + std::to_string(max_bytes) + " bytes; more is refused"}});
    }
  }
  ::close(fd);
  return text;
}

namespace {

// Writes `content` to a new temporary file next to `path`; returns its name in `temporary`.
Status write_temporary(const std::string& path, std::string_view content, std::string& temporary) {
  const std::filesystem::path target(path);
  std::error_code error;
  if (std::filesystem::is_directory(target, error)) {
    return Status::invalid_argument(path + ": is a directory; cannot write a file there");
  }
  const std::filesystem::path folder = target.has_parent_path() ? target.parent_path() : ".";
  temporary = (folder / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(temporary.data());
  if (fd < 0) {
    const int failure = errno;
    temporary.clear();
    return Status::invalid_argument(path + ": cannot write (" + reason(failure) + ")");
  }
  auto fail = [&](int failure) {
    ::unlink(temporary.c_str());
    temporary.clear();
    return Status::invalid_argument(path + ": cannot write (" + reason(failure) + ")");
  };
  if (const int failure = write_fully(fd, content); failure != 0) {
    ::close(fd);
    return fail(failure);
  }
  // mkstemp creates the file 0600; an output file gets the usual permissions of a new file.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  if (::fchmod(fd, 0666 & ~mask) != 0) {
    const int failure = errno;
    ::close(fd);
    return fail(failure);
  }
  if (::close(fd) != 0) return fail(errno);
  return Status::ok();
}

}  // namespace

Status write_files_atomically(const std::vector<std::pair<std::string, std::string_view>>& files) {
  std::vector<std::string> temporaries;
  auto discard = [&temporaries] {
    for (const std::string& temporary : temporaries) ::unlink(temporary.c_str());
  };
  for (const auto& [path, content] : files) {
    std::string temporary;
    if (Status status = write_temporary(path, content, temporary); !status.is_ok()) {
      discard();
      return status;
    }
    temporaries.push_back(temporary);
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (::rename(temporaries[i].c_str(), files[i].first.c_str()) != 0) {
      const int failure = errno;
      temporaries.erase(temporaries.begin(), temporaries.begin() + static_cast<std::ptrdiff_t>(i));
      discard();
      return Status::invalid_argument(files[i].first + ": cannot write (" + reason(failure) + ")");
    }
  }
  return Status::ok();
}

Status write_file_atomically(const std::string& path, std::string_view content) {
  // An existing special file (-o /dev/stdout, a FIFO, /dev/full) is written in place: renaming over it would
  // replace the device, not write to it.
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode) && !S_ISDIR(info.st_mode)) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return Status::invalid_argument(path + ": cannot write (" + reason(errno) + ")");
    const int failure = write_fully(fd, content);
    if (failure != 0) {
      ::close(fd);
      return Status::invalid_argument(path + ": cannot write (" + reason(failure) + ")");
    }
    if (::close(fd) != 0) return Status::invalid_argument(path + ": cannot write (" + reason(errno) + ")");
    return Status::ok();
  }
  return write_files_atomically({{path, content}});
}

}  // namespace hospsim
