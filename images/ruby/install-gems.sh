#!/bin/sh
# Turns the Debian packages ruby-<gem> of the gems named into ordinary installed gems under /var/runtime
# (gems/<gem>-<version>, specifications/<gem>-<version>.gemspec), where Lambda keeps them. Debian installs
# some in /usr/share/rubygems-integration/all/gems and others as files in /usr/lib/ruby/vendor_ruby, which
# is always on $LOAD_PATH: left there, `require` would load them ahead of a layer's newer gem.
# Usage: install-gems.sh GEM...; run by the ruby Dockerfile, then deleted.
set -eu
from=/usr/share/rubygems-integration/all
vendor=/usr/lib/ruby/vendor_ruby
mkdir -p /var/runtime/gems /var/runtime/specifications
for gem in "$@"; do
  set -- "$from/specifications/$gem"-[0-9]*.gemspec
  if [ ! -f "$1" ]; then
    echo "install-gems.sh: Debian has no gemspec for $gem" >&2
    exit 1
  fi
  spec=$1
  name=${spec##*/}
  name=${name%.gemspec}
  if [ -d "$from/gems/$name" ]; then
    mv "$from/gems/$name" /var/runtime/gems/
  else
    dpkg -L "ruby-$gem" | while read -r path; do
      case "$path" in "$vendor"/*) ;; *) continue ;; esac
      [ -f "$path" ] || continue
      target="/var/runtime/gems/$name/lib/${path#"$vendor"/}"
      mkdir -p "${target%/*}"
      mv "$path" "$target"
    done
  fi
  mv "$spec" /var/runtime/specifications/
done
chmod -R a+rX /var/runtime/gems /var/runtime/specifications
# Ruby 3.4 turned base64 and bigdecimal into bundled gems, which aws-sdk-core depends on: Lambda's Ruby
# finds them in its own gem folder, which GEM_PATH here does not name, so each bundled gem a moved gem
# depends on is copied to /var/runtime as well.
/var/lang/bin/ruby -rfileutils -e '
  Dir["/var/runtime/specifications/*.gemspec"].each do |file|
    Gem::Specification.load(file).runtime_dependencies.each do |dep|
      next unless Dir["/var/runtime/specifications/#{dep.name}-[0-9]*.gemspec"].empty?
      spec = Gem::Specification.find_all_by_name(dep.name).max_by(&:version) or next
      FileUtils.cp(spec.loaded_from, "/var/runtime/specifications/")
      FileUtils.cp_r(spec.full_gem_path, "/var/runtime/gems/") if File.directory?(spec.full_gem_path)
      next unless File.directory?(spec.extension_dir)
      target = File.join("/var/runtime/extensions", Gem::Platform.local.to_s, Gem.extension_api_version)
      FileUtils.mkdir_p(target)
      FileUtils.cp_r(spec.extension_dir, target)
    end
  end'
chmod -R a+rX /var/runtime
