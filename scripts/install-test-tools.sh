#!/usr/bin/env bash
# Installs the PowerShell and the Pester the module's tests run under into .tools/ (git-ignored), from the NuGet
# package source only: nothing global, nothing from elsewhere. Safe to run again: present versions are kept.
#
#   .tools/pwsh/pwsh                                   PowerShell 7.6.10 (the PowerShell .NET global tool)
#   .tools/packages/pester/5.9.1/tools/Pester.psd1     Pester 5.9.1
#   .tools/packages/<id>/<version>                     other versions of the module's packages, for a spec
#
# Prints the two paths as shell assignments (CLEANUPTOOLS_PWSH=..., CLEANUPTOOLS_PESTER=...) on stdout, so a
# caller can: eval "$(scripts/install-test-tools.sh)"
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

# Name the versions: without one, `dotnet tool install` takes the newest PowerShell, which needs a newer runtime.
pwsh_version=7.6.10
pester_version=5.9.1

tools=$repo/.tools
pwsh=$tools/pwsh/pwsh
pester=$tools/packages/pester/$pester_version/tools/Pester.psd1

if [ ! -x "$pwsh" ] || [ ! -d "$tools/pwsh/.store/powershell/$pwsh_version" ]; then
  rm -rf "$tools/pwsh"
  dotnet tool install --tool-path "$tools/pwsh" PowerShell --version "$pwsh_version" >&2
fi

# Other versions of the module's packages, for the load-conflict spec (tests/Pester/CleanupTools.Package.Tests.ps1).
conflicts="$tools/packages/yamldotnet/13.1.1 $tools/packages/npgsql/8.0.3 $tools/packages/microsoft.data.sqlite.core/8.0.30"
missing=0
for dir in $conflicts; do [ -d "$dir" ] || missing=1; done

if [ ! -f "$pester" ] || [ "$missing" = 1 ]; then
  dotnet restore scripts/test-tools/TestTools.csproj --packages "$tools/packages" -p:PesterVersion="$pester_version" >&2
fi

[ -x "$pwsh" ] || { echo "install-test-tools: $pwsh is missing after the install" >&2; exit 1; }
[ -f "$pester" ] || { echo "install-test-tools: $pester is missing after the restore" >&2; exit 1; }

printf 'CLEANUPTOOLS_PWSH=%q\nCLEANUPTOOLS_PESTER=%q\n' "$pwsh" "$pester"
