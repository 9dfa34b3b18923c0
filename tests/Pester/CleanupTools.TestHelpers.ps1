# Helpers dot-sourced by the *.Tests.ps1 files in BeforeAll. Not a test file itself (Pester runs *.Tests.ps1 only).

function Get-RepoRoot {
    (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '../..')).ProviderPath
}

function Get-ManifestPath {
    Join-Path (Get-RepoRoot) 'CleanupTools.psd1'
}

# The variable names the engine reads (src/CleanupTools.Engine/Configuration/EnvironmentVariables.cs). The tests
# clear them so a value on the test machine cannot change retention, paths or dry-run behaviour under them.
function Get-CleanupVariableName {
    Get-ChildItem -Path Env: |
        Where-Object Name -Match '^(CLEANUPTOOLS_|EEMT_|TEMP_STORAGE_CLEANUP_)' |
        ForEach-Object Name
}

function Clear-CleanupEnvironment {
    $saved = @{}
    foreach ($name in Get-CleanupVariableName) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $null)
    }
    $saved
}

function Restore-CleanupEnvironment {
    param([hashtable] $Saved)
    foreach ($name in Get-CleanupVariableName) { [Environment]::SetEnvironmentVariable($name, $null) }
    foreach ($entry in $Saved.GetEnumerator()) { [Environment]::SetEnvironmentVariable($entry.Key, $entry.Value) }
}

# The built CLI (net8.0, RollForward Major): the requested configuration first, then any other that was built.
function Get-CliDll {
    param([string] $Configuration)
    $bin = Join-Path (Get-RepoRoot) 'src/CleanupTools.Cli/bin'
    $preferred = Join-Path $bin "$Configuration/net8.0/cleanuptools.dll"
    if (Test-Path -LiteralPath $preferred) { return $preferred }
    Get-ChildItem -Path $bin -Filter cleanuptools.dll -Recurse -ErrorAction SilentlyContinue |
        Where-Object { $_.Directory.Name -eq 'net8.0' } |
        Sort-Object LastWriteTimeUtc -Descending |
        Select-Object -First 1 -ExpandProperty FullName
}

# Writes a demo store (jobs.db, results/, uploads/, temp/) with `cleanuptools demo --path` and returns its path
# and job count. Falls back to `dotnet run` when the CLI has not been built.
function New-DemoStore {
    param(
        [Parameter(Mandatory)] [string] $Path,
        [string] $Configuration = 'Release'
    )
    $cli = Get-CliDll -Configuration $Configuration
    if ($cli) {
        $output = & dotnet $cli demo --path $Path 2>&1
    }
    else {
        $project = Join-Path (Get-RepoRoot) 'src/CleanupTools.Cli'
        # An array keeps '--' a plain argument for dotnet rather than PowerShell's end-of-parameters token.
        $arguments = @('run', '--project', $project, '--configuration', $Configuration, '--', 'demo', '--path', $Path)
        $output = & dotnet @arguments 2>&1
    }
    if ($LASTEXITCODE -ne 0) { throw "cleanuptools demo failed ($LASTEXITCODE): $output" }
    $match = [regex]::Match(($output -join "`n"), 'Demo store with (\d+) jobs')
    if (-not $match.Success) { throw "Unexpected output from cleanuptools demo: $output" }
    [pscustomobject]@{
        Path = (Resolve-Path -LiteralPath $Path).ProviderPath
        Jobs = [int] $match.Groups[1].Value
    }
}

# Every file below the three storage roots, as full paths, sorted (directory enumeration order is not stable).
function Get-StoredFile {
    param([Parameter(Mandatory)] [string] $Path)
    $files = foreach ($root in 'results', 'uploads', 'temp') {
        $dir = Join-Path $Path $root
        if (Test-Path -LiteralPath $dir) {
            Get-ChildItem -LiteralPath $dir -Recurse -File -Force | ForEach-Object FullName
        }
    }
    $files | Sort-Object -CaseSensitive
}

# A fresh directory name below $TestDrive for one demo store.
function New-DemoPath {
    param([Parameter(Mandatory)] [string] $Name)
    Join-Path $TestDrive ('{0}-{1}' -f $Name, [guid]::NewGuid().ToString('N').Substring(0, 8))
}

# Everything in the store directory: each file's relative path and content hash, so any write shows.
function Get-StoreSnapshot {
    param([Parameter(Mandatory)] [string] $Path)
    Get-ChildItem -LiteralPath $Path -Recurse -File -Force |
        Sort-Object FullName |
        ForEach-Object {
            '{0} {1}' -f [IO.Path]::GetRelativePath($Path, $_.FullName), (Get-FileHash -LiteralPath $_.FullName -Algorithm SHA256).Hash
        }
}

function Get-DatabaseHash {
    param([Parameter(Mandatory)] [string] $Path)
    (Get-FileHash -LiteralPath (Join-Path $Path 'jobs.db') -Algorithm SHA256).Hash
}

# True when $File is $Target itself or lies below the directory $Target.
function Test-Below {
    param([string] $File, [string[]] $Target)
    foreach ($t in $Target) {
        if ($File -eq $t -or $File.StartsWith($t.TrimEnd([IO.Path]::DirectorySeparatorChar) + [IO.Path]::DirectorySeparatorChar)) { return $true }
    }
    $false
}

# Health as Get-StorageStat documents it, from the reported usage and the thresholds in force.
function Get-ExpectedHealth {
    param($Stat, [double] $Warning, [double] $Critical)
    if (-not $Stat.Exists) { return 'Missing' }
    if ($Stat.UsagePercent -ge $Critical) { return 'Critical' }
    if ($Stat.UsagePercent -ge $Warning) { return 'Warning' }
    'Healthy'
}

# The pwsh to start child processes with: the one scripts/install-test-tools.sh installed (test.sh exports it), else
# the one on PATH. Not (Get-Process -Id $PID).Path: under the PowerShell global tool that is dotnet.
function Get-PwshPath {
    if ($env:CLEANUPTOOLS_PWSH -and (Test-Path -LiteralPath $env:CLEANUPTOOLS_PWSH)) { return $env:CLEANUPTOOLS_PWSH }
    $onPath = Get-Command -Name pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -eq $onPath) { throw 'No pwsh to start: set CLEANUPTOOLS_PWSH or put pwsh on PATH (scripts/install-test-tools.sh installs one).' }
    $onPath.Source
}

# Runs a script block in a fresh pwsh process (its own load contexts and type accelerators; this process's
# environment) with $ErrorActionPreference Stop and en-US help, and returns what it wrote last, as JSON. A non-zero exit or unparsable output is a test failure with the child's whole output.
function Invoke-PwshJson {
    param(
        [Parameter(Mandatory)] [scriptblock] $ScriptBlock,
        [object[]] $ArgumentList = @()
    )
    $body = "`$ErrorActionPreference = 'Stop'; [cultureinfo]::CurrentUICulture = 'en-US'; & { $ScriptBlock } @args"
    $output = & (Get-PwshPath) -NoProfile -NonInteractive -Command ([scriptblock]::Create($body)) -args $ArgumentList 2>&1
    $text = ($output | ForEach-Object { "$_" }) -join "`n"
    if ($LASTEXITCODE -ne 0) { throw "The child pwsh exited with $LASTEXITCODE`:`n$text" }
    $json = ($output | Where-Object { $_ -is [string] } | Select-Object -Last 1)
    try { $json | ConvertFrom-Json -ErrorAction Stop }
    catch { throw "The child pwsh printed no JSON on its last line:`n$text" }
}

# A package from .tools/packages (scripts/install-test-tools.sh), for specs that need another version of a library.
function Get-TestPackageAssembly {
    param(
        [Parameter(Mandatory)] [string] $PackageId,
        [Parameter(Mandatory)] [string] $Version,
        [Parameter(Mandatory)] [string] $Framework,
        [Parameter(Mandatory)] [string] $AssemblyName
    )
    $path = Join-Path (Get-RepoRoot) ".tools/packages/$($PackageId.ToLowerInvariant())/$Version/lib/$Framework/$AssemblyName.dll"
    if (-not (Test-Path -LiteralPath $path)) { throw "$path is missing: run scripts/install-test-tools.sh." }
    $path
}

# Makes a file impossible to delete, as a failing disk or a foreign owner would: root is stopped by nothing but the
# immutable attribute (chattr +i), any other user by a read-only parent directory. Undo with Clear-Undeletable.
function Set-Undeletable {
    param([Parameter(Mandatory)] [string] $File)
    if ((& id -u) -eq '0') { & chattr +i $File }
    else { & chmod a-w (Split-Path -Parent $File) }
    if ($LASTEXITCODE -ne 0) { throw "Could not make $File undeletable (chattr comes with e2fsprogs)." }
}

function Clear-Undeletable {
    param([Parameter(Mandatory)] [string] $Root)
    if (-not (Test-Path -LiteralPath $Root)) { return }
    if ((& id -u) -eq '0') { & chattr -R -i $Root 2>$null }
    else { & chmod -R u+w $Root 2>$null }
}


# Runs a script block in a fresh runspace of this process with the module imported there, and returns its output,
# errors, progress records (PowerShell has no redirection for the progress stream), verbose lines and warnings.
# With -Answer, the runspace's host answers every confirmation prompt with that choice ('Yes', 'No', 'Yes to All'...)
# as a person at the console would, and the prompts it was shown come back too.
function Invoke-WithStreams {
    param([Parameter(Mandatory)] [scriptblock] $ScriptBlock, [object[]] $ArgumentList = @(), [string] $Answer)
    $answeringHost = $null
    $runspace = if ($Answer) {
        if (-not ('CleanupTools.Tests.Pester.AnsweringHost' -as [type])) {
            Add-Type -Path (Join-Path $PSScriptRoot 'Support/AnsweringHost.cs')
        }
        $answeringHost = [CleanupTools.Tests.Pester.AnsweringHost]::new($Answer)
        [runspacefactory]::CreateRunspace($answeringHost)
    }
    else { [runspacefactory]::CreateRunspace() }
    $runspace.Open()
    $ps = [powershell]::Create()
    $ps.Runspace = $runspace
    try {
        $null = $ps.AddScript("Import-Module -Name '$(Get-ManifestPath)'; `$ProgressPreference = 'Continue'").AddStatement()
        $null = $ps.AddScript($ScriptBlock.ToString())
        foreach ($argument in $ArgumentList) { $null = $ps.AddArgument($argument) }
        $output = $ps.Invoke()
        [pscustomobject]@{
            Output   = @($output)
            Errors   = @($ps.Streams.Error)
            Progress = @($ps.Streams.Progress)
            Verbose  = @($ps.Streams.Verbose)
            Warnings = @($ps.Streams.Warning)
            Prompts  = if ($answeringHost) { @($answeringHost.Prompts) } else { @() }
        }
    }
    finally {
        $ps.Dispose()
        $runspace.Dispose()
    }
}

# The same, for the confirmation specs: every prompt answered with $Answer.
function Invoke-WithAnswer {
    param([Parameter(Mandatory)] [string] $Answer, [Parameter(Mandatory)] [scriptblock] $ScriptBlock, [object[]] $ArgumentList = @())
    Invoke-WithStreams -Answer $Answer -ScriptBlock $ScriptBlock -ArgumentList $ArgumentList
}
