#Requires -Version 7.4
# The module as PowerShell loads it from the source tree: ./CleanupTools.psd1 over out/module (build first).

param([string] $Configuration = 'Release')

BeforeAll {
    . (Join-Path $PSScriptRoot 'CleanupTools.TestHelpers.ps1')
    $manifestPath = Get-ManifestPath
    $manifest = Import-PowerShellDataFile -LiteralPath $manifestPath
    $module = Import-Module -Name $manifestPath -Force -PassThru -ErrorAction Stop
}

AfterAll {
    Remove-Module -Name CleanupTools -Force -ErrorAction SilentlyContinue
}

Describe 'CleanupTools module' {
    It 'has a valid manifest' {
        $info = Test-ModuleManifest -Path $manifestPath -ErrorAction Stop
        $info.Name | Should -Be 'CleanupTools'
        $info.Version | Should -Be ([version] $manifest.ModuleVersion)
        $info.PowerShellVersion | Should -Be ([version] '7.4')
        $info.CompatiblePSEditions | Should -Be @('Core')
    }

    It 'loads the cmdlets from out/module into one private load context, not the default one' {
        $module.Version | Should -Be ([version] $manifest.ModuleVersion)
        $module.Path | Should -Be (Join-Path (Get-RepoRoot) 'out/module/CleanupTools.psm1')
        $implementing = (Get-Command -Name Get-CleanupCandidate -Module CleanupTools).ImplementingType.Assembly
        $implementing.Location | Should -Be (Join-Path (Get-RepoRoot) 'out/module/lib/CleanupTools.PowerShell.dll')
        $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($implementing)
        $context | Should -Not -Be ([System.Runtime.Loader.AssemblyLoadContext]::Default)
        # The engine and every package it uses live in that same context; only the loader is in the default one.
        $ours = [System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies | Where-Object { $_.GetName().Name -like 'CleanupTools*' }
        @($ours.GetName().Name) | Should -Be @('CleanupTools.Loader')
        $private = @($context.Assemblies.GetName().Name)
        $private | Should -Contain 'CleanupTools.Engine'
        $null = Get-CleanupCandidate -BasePath (New-DemoStore -Path (Join-Path $TestDrive 'alc') -Configuration $Configuration).Path -WarningAction SilentlyContinue
        @($context.Assemblies.GetName().Name) | Should -Contain 'Microsoft.Data.Sqlite'
        [System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies.GetName().Name | Should -Not -Contain 'Microsoft.Data.Sqlite'
    }

    It 'still binds parameters after Import-Module -Force while it is loaded' {
        # -Force used to reload the cmdlet assembly into the default context, where every parameter failed to bind.
        $store = (New-DemoStore -Path (Join-Path $TestDrive 'reimport') -Configuration $Configuration).Path
        $loaded = Invoke-PwshJson -ArgumentList (Get-ManifestPath), $store -ScriptBlock {
            param([string] $Manifest, [string] $Store)
            Import-Module -Name $Manifest -Force
            $first = @(Get-CleanupHold -BasePath $Store).Count
            Import-Module -Name $Manifest -Force
            $assembly = (Get-Command -Name Get-CleanupHold).ImplementingType.Assembly
            [pscustomobject]@{
                First    = $first
                Second   = @(Get-CleanupHold -BasePath $Store).Count
                Cmdlets  = @(Get-Command -Module CleanupTools).Count
                Context  = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($assembly).Name
            } | ConvertTo-Json -Compress
        }
        $loaded.First | Should -Be 0
        $loaded.Second | Should -Be 0
        $loaded.Cmdlets | Should -Be $manifest.CmdletsToExport.Count
        $loaded.Context | Should -BeLike 'CleanupTools (*'
    }

    It 'resolves the type literals its help shows' {
        $mapping = [CleanupTools.Configuration.JobTableMapping]@{ Table = 'runs'; IdColumn = 'run_id' }
        $mapping.Table | Should -Be 'runs'
        [CleanupTools.JobStatus]::Failed | Should -Be 'Failed'
        [CleanupTools.CleanupCandidate].Assembly.GetName().Name | Should -Be 'CleanupTools.Engine'
        [CleanupTools.CleanupTrigger]'Emergency' | Should -BeOfType ([CleanupTools.CleanupTrigger])
    }

    It 'exports exactly the cmdlets the manifest lists' {
        $exported = @(Get-Command -Module CleanupTools)
        ($exported.Name | Sort-Object) | Should -Be ($manifest.CmdletsToExport | Sort-Object)
        $exported.CommandType | Sort-Object -Unique | Should -Be 'Cmdlet'
        $module.ExportedFunctions.Count | Should -Be 0
        $module.ExportedAliases.Count | Should -Be 0
        $module.ExportedVariables.Count | Should -Be 0
    }

    It 'uses approved verbs only' {
        $approved = (Get-Verb).Verb
        foreach ($command in Get-Command -Module CleanupTools) {
            $approved | Should -Contain $command.Verb -Because "$($command.Name) should use an approved verb"
        }
    }

    It 'offers -WhatIf and -Confirm on <Name>' -ForEach @(
        @{ Name = 'Invoke-JobCleanup' }
        @{ Name = 'Set-RetentionPolicy' }
        @{ Name = 'Reset-RetentionPolicy' }
        @{ Name = 'Add-CleanupHold' }
        @{ Name = 'Remove-CleanupHold' }
        @{ Name = 'Import-RetentionPolicy' }
        @{ Name = 'Export-RetentionPolicy' }
        @{ Name = 'Restore-CleanupBackup' }
    ) {
        $command = Get-Command -Name $Name -Module CleanupTools
        $command.Parameters.Keys | Should -Contain 'WhatIf'
        $command.Parameters.Keys | Should -Contain 'Confirm'
    }

    It 'offers no -WhatIf on the read-only <Name>' -ForEach @(
        @{ Name = 'Get-CleanupCandidate' }
        @{ Name = 'Get-RetentionPolicy' }
        @{ Name = 'Get-StorageStat' }
        @{ Name = 'Get-CleanupHold' }
        @{ Name = 'Get-CleanupHistory' }
    ) {
        (Get-Command -Name $Name -Module CleanupTools).Parameters.Keys | Should -Not -Contain 'WhatIf'
    }

    It 'declares output types that Get-Command reports for <Name>' -ForEach @(
        @{ Name = 'Get-CleanupCandidate'; Types = @('CleanupTools.CleanupCandidate') }
        @{ Name = 'Invoke-JobCleanup'; Types = @('CleanupTools.CleanupResult', 'CleanupTools.CleanupRunSummary') }
        @{ Name = 'Get-StorageStat'; Types = @('CleanupTools.StorageStat') }
        @{ Name = 'Get-RetentionPolicy'; Types = @('CleanupTools.RetentionPolicy') }
        @{ Name = 'Set-RetentionPolicy'; Types = @('CleanupTools.RetentionPolicy') }
        @{ Name = 'Reset-RetentionPolicy'; Types = @('CleanupTools.RetentionPolicy') }
        @{ Name = 'Add-CleanupHold'; Types = @('CleanupTools.CleanupHold') }
        @{ Name = 'Get-CleanupHold'; Types = @('CleanupTools.CleanupHold') }
        @{ Name = 'Remove-CleanupHold'; Types = @('CleanupTools.CleanupHold') }
        @{ Name = 'Get-CleanupHistory'; Types = @('CleanupTools.CleanupAuditEntry') }
        @{ Name = 'Restore-CleanupBackup'; Types = @('CleanupTools.CleanupAuditEntry') }
    ) {
        ((Get-Command -Name $Name -Module CleanupTools).OutputType.Name | Sort-Object) | Should -Be ($Types | Sort-Object)
    }

    It 'asks before <Name> unless -Force is given (ConfirmImpact High)' -ForEach @(
        @{ Name = 'Invoke-JobCleanup' }
        @{ Name = 'Reset-RetentionPolicy' }
        @{ Name = 'Remove-CleanupHold' }
    ) {
        $command = Get-Command -Name $Name -Module CleanupTools
        $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact |
            Should -Be 'High'
        $command.Parameters['Force'].SwitchParameter | Should -BeTrue
    }

    It 'binds a pipeline of candidates to Invoke-JobCleanup by value and ids by property name' {
        $parameters = (Get-Command -Name Invoke-JobCleanup).Parameters
        $inputObject = $parameters['InputObject'].ParameterSets.Values | Select-Object -First 1
        $inputObject.ValueFromPipeline | Should -BeTrue
        $jobId = $parameters['JobId'].ParameterSets.Values | Select-Object -First 1
        $jobId.ValueFromPipelineByPropertyName | Should -BeTrue
    }
}

Describe 'Default views' {
    It 'has a <Control> view for <TypeName>' -ForEach @(
        @{ TypeName = 'CleanupTools.CleanupCandidate'; Control = 'TableControl' }
        @{ TypeName = 'CleanupTools.CleanupResult'; Control = 'TableControl' }
        @{ TypeName = 'CleanupTools.CleanupRunSummary'; Control = 'ListControl' }
        @{ TypeName = 'CleanupTools.StorageStat'; Control = 'TableControl' }
        @{ TypeName = 'CleanupTools.RetentionPolicy'; Control = 'TableControl' }
        @{ TypeName = 'CleanupTools.CleanupHold'; Control = 'TableControl' }
        @{ TypeName = 'CleanupTools.CleanupAuditEntry'; Control = 'TableControl' }
    ) {
        $data = Get-FormatData -TypeName $TypeName
        $data | Should -Not -BeNullOrEmpty
        $data.FormatViewDefinition[0].Control.GetType().Name | Should -Be $Control
    }

    # How each view renders at 80 columns is in CleanupTools.Views.Tests.ps1.
}
