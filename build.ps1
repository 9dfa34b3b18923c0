#Requires -Version 7.0
<#
.SYNOPSIS
Builds, tests and packages the CleanupTools module.

.DESCRIPTION
Build    dotnet build CleanupTools.sln. The build lays out the module folder out/module, so
         Import-Module ./CleanupTools.psd1 works from the repository root afterwards.
Test     All the tests, as the README's test command runs them: on Linux and macOS scripts/test.sh (PowerShell
         7.6.10 and Pester 5.9.1 installed into .tools/, a throwaway PostgreSQL cluster, the xunit suite and then the
         Pester suite); elsewhere dotnet test and then tests/Pester/Invoke-PesterSuite.ps1 in this PowerShell.
Package  A ready module folder, out/CleanupTools/<version>/: out/module without debug symbols, XML docs and
         deps.json, with native SQLite only for the platforms PowerShell 7.4+ runs on (win-x64, win-arm64,
         linux-x64, linux-arm64, linux-musl-x64, osx-x64, osx-arm64), and a copy of the manifest whose RootModule
         and FormatsToProcess fit that layout. Copy the CleanupTools folder into a PSModulePath directory to
         install it.

Tasks run in the order given. Any failing step stops the script with an error.

.PARAMETER Task
Build, Test, Package, or several of them (-Task Build, Package).

.PARAMETER Configuration
The .NET build configuration. Release by default.

.EXAMPLE
./build.ps1

.EXAMPLE
./build.ps1 -Task Build, Test -Configuration Debug

.EXAMPLE
./build.ps1 -Task Package
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package')]
    [string[]] $Task = 'Build',

    [ValidateNotNullOrEmpty()]
    [string] $Configuration = 'Release'
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$repo = $PSScriptRoot
$solution = Join-Path $repo 'CleanupTools.sln'
$manifestPath = Join-Path $repo 'CleanupTools.psd1'
$moduleFolder = Join-Path $repo 'out/module'

# The runtimes/<rid> folders the package keeps: the platforms PowerShell 7.4 and later run on.
$packagedRuntimes = 'win-x64', 'win-arm64', 'linux-x64', 'linux-arm64', 'linux-musl-x64', 'osx-x64', 'osx-arm64'

function Invoke-Tool {
    param(
        [Parameter(Mandatory)] [string] $FilePath,
        [string[]] $ArgumentList = @()
    )
    Write-Host "> $FilePath $($ArgumentList -join ' ')" -ForegroundColor Cyan
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) {
        throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

function Get-ModuleVersion {
    # Directory.Build.props is the single source of the version; the manifest must agree with it.
    $props = [xml] (Get-Content -LiteralPath (Join-Path $repo 'Directory.Build.props') -Raw)
    $node = $props.SelectSingleNode('/Project/PropertyGroup/Version')
    if ($null -eq $node) { throw 'Directory.Build.props has no <Version>.' }
    $version = $node.InnerText.Trim()
    $manifest = Import-PowerShellDataFile -LiteralPath $manifestPath
    if ($manifest.ModuleVersion -ne $version) {
        throw "CleanupTools.psd1 has ModuleVersion '$($manifest.ModuleVersion)' but Directory.Build.props has Version '$version'."
    }
    $version
}

function Invoke-BuildTask {
    Invoke-Tool -FilePath 'dotnet' -ArgumentList @('build', $solution, '--configuration', $Configuration, '--nologo')
    foreach ($required in 'CleanupTools.psm1', 'CleanupTools.Loader.dll', 'lib/CleanupTools.PowerShell.dll') {
        if (-not (Test-Path -LiteralPath (Join-Path $moduleFolder $required))) { throw "The build did not produce out/module/$required." }
    }
}

function Invoke-TestTask {
    if (-not $IsWindows) {
        # One test command for people, CI and this script: it installs what the tests need and runs both suites.
        Invoke-Tool -FilePath 'bash' -ArgumentList @((Join-Path $repo 'scripts/test.sh'))
        return
    }
    Invoke-Tool -FilePath 'dotnet' -ArgumentList @('test', $solution, '--configuration', $Configuration, '--nologo')
    # In a child process, so this session never loads (and locks) the module it is about to test.
    Invoke-Tool -FilePath (Join-Path $PSHOME 'pwsh') -ArgumentList @('-NoProfile', '-NonInteractive', '-File',
        (Join-Path $repo 'tests/Pester/Invoke-PesterSuite.ps1'), '-Configuration', $Configuration)
}

function Invoke-PackageTask {
    $version = Get-ModuleVersion
    if (-not (Test-Path -LiteralPath (Join-Path $moduleFolder 'lib/CleanupTools.PowerShell.dll'))) {
        Write-Host 'out/module is not built yet; building first.' -ForegroundColor Yellow
        Invoke-BuildTask
    }

    $target = Join-Path $repo "out/CleanupTools/$version"
    if (Test-Path -LiteralPath $target) { Remove-Item -LiteralPath $target -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $target

    $lib = Join-Path $moduleFolder 'lib'
    $runtimes = Join-Path $lib 'runtimes'
    foreach ($file in Get-ChildItem -LiteralPath $moduleFolder -Recurse -File) {
        $relative = [IO.Path]::GetRelativePath($moduleFolder, $file.FullName)
        # Debug symbols, deps.json and the assemblies' XML docs: nothing PowerShell reads (the MAML help is in lib/en-US).
        if ($file.Extension -in '.pdb', '.json' -or ($file.Extension -eq '.xml' -and $file.DirectoryName -eq $lib)) { continue }
        if ($file.FullName.StartsWith($runtimes + [IO.Path]::DirectorySeparatorChar)) {
            $rid = [IO.Path]::GetRelativePath($runtimes, $file.FullName).Split([IO.Path]::DirectorySeparatorChar)[0]
            if ($rid -notin $packagedRuntimes) { continue }
        }
        $destination = Join-Path $target $relative
        $null = New-Item -ItemType Directory -Path (Split-Path -Parent $destination) -Force
        Copy-Item -LiteralPath $file.FullName -Destination $destination
    }

    # The manifest, with its two paths rewritten for the package layout.
    $text = Get-Content -LiteralPath $manifestPath -Raw
    $rootPattern = "(?m)^(\s*RootModule\s*=\s*)'[^']*'"
    $formatPattern = "(?m)^(\s*FormatsToProcess\s*=\s*)@\([^)]*\)"
    if ($text -notmatch $rootPattern -or $text -notmatch $formatPattern) {
        throw 'CleanupTools.psd1 no longer has the RootModule and FormatsToProcess lines this script rewrites.'
    }
    $text = $text -replace $rootPattern, "`${1}'CleanupTools.psm1'"
    $text = $text -replace $formatPattern, "`${1}@('CleanupTools.format.ps1xml')"
    $packagedManifest = Join-Path $target 'CleanupTools.psd1'
    [IO.File]::WriteAllText($packagedManifest, $text, [Text.UTF8Encoding]::new($false))

    foreach ($required in 'CleanupTools.psm1', 'CleanupTools.format.ps1xml', 'CleanupTools.Loader.dll',
        'lib/CleanupTools.PowerShell.dll', 'lib/CleanupTools.Engine.dll', 'lib/en-US/CleanupTools.PowerShell.dll-Help.xml',
        'lib/en-US/about_CleanupTools.help.txt') {
        if (-not (Test-Path -LiteralPath (Join-Path $target $required))) { throw "The package lacks $required." }
    }
    $packaged = Import-PowerShellDataFile -LiteralPath $packagedManifest
    if ($packaged.RootModule -ne 'CleanupTools.psm1' -or "$($packaged.FormatsToProcess)" -ne 'CleanupTools.format.ps1xml') {
        throw "The packaged manifest was not rewritten as expected (RootModule '$($packaged.RootModule)')."
    }
    Write-Host "Module package: $target" -ForegroundColor Green
}

foreach ($step in $Task) {
    switch ($step) {
        'Build' { Invoke-BuildTask }
        'Test' { Invoke-TestTask }
        'Package' { Invoke-PackageTask }
    }
}
