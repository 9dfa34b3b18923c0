#
# Module manifest for module 'CleanupTools'.
#
# This copy serves the source tree: after any build (dotnet build CleanupTools.sln, or ./build.ps1) run
#     Import-Module ./CleanupTools.psd1
# from the repository root; it loads the module folder the build lays out in out/module. ./build.ps1 -Task Package
# writes a ready module folder, out/CleanupTools/<version>/: out/module's files plus this manifest, with RootModule
# and FormatsToProcess rewritten for that layout (build.ps1 rewrites exactly these two lines).
#
@{

    # A script that loads the compiled cmdlets into the module's private load context (see the script).
    RootModule           = 'out/module/CleanupTools.psm1'

    # Keep equal to <Version> in Directory.Build.props (a metadata test checks it).
    ModuleVersion        = '0.1.0'

    CompatiblePSEditions = @('Core')

    GUID                 = '10a0cd68-39c8-4f85-9195-59d4bed2cafc'

    Author               = 'CleanupTools'

    CompanyName          = 'CleanupTools'

    Copyright            = '(c) CleanupTools contributors. All rights reserved.'

    Description          = 'Finds, previews and safely deletes job data that a retention policy says may go: results, uploads, logs and temp files of completed and failed jobs in an EEMT-style SQLite job store. Policies cover job statuses, job data components and path classes; holds protect what must stay; every deletion is re-checked, confirmable (-WhatIf, -Confirm, -Force), guarded against mass deletion and recorded in an audit trail in the store. Two-stage cleanup (-Quarantine) moves job data into a backup root, from where Restore-CleanupBackup brings it back until the backups expire.'

    # The cmdlets are built for net8.0, the runtime of PowerShell 7.4.
    PowerShellVersion    = '7.4'

    FormatsToProcess     = @('out/module/CleanupTools.format.ps1xml')

    # Exactly the [Cmdlet] classes of CleanupTools.PowerShell.dll; no wildcards, so command discovery stays fast.
    CmdletsToExport      = @(
        'Add-CleanupHold'
        'Export-RetentionPolicy'
        'Get-CleanupCandidate'
        'Get-CleanupHistory'
        'Get-CleanupHold'
        'Get-RetentionPolicy'
        'Get-StorageStat'
        'Import-RetentionPolicy'
        'Invoke-JobCleanup'
        'Remove-CleanupHold'
        'Reset-RetentionPolicy'
        'Restore-CleanupBackup'
        'Set-RetentionPolicy'
    )

    FunctionsToExport    = @()

    AliasesToExport      = @()

    VariablesToExport    = @()

    PrivateData          = @{
        PSData = @{
            Tags         = @('Cleanup', 'Retention', 'Audit', 'Backup', 'Storage', 'SQLite', 'EEMT', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            ReleaseNotes = '0.1.0: first release. Get-CleanupCandidate, Invoke-JobCleanup, Get-StorageStat, Get-RetentionPolicy and Set-RetentionPolicy over the CleanupTools engine, with default views and help. Since then: Reset-RetentionPolicy; holds (Add-CleanupHold, Get-CleanupHold, Remove-CleanupHold); the cleanup_audit trail (Get-CleanupHistory); component policies and path classes (Set-RetentionPolicy -Component, -Root, -Pattern); keep-newest rules; the mass-deletion guard (Invoke-JobCleanup -AllowMassDeletion, -MaxDeletionPercent) and -Trigger; policy files (Import-RetentionPolicy, Export-RetentionPolicy); two-stage cleanup (Invoke-JobCleanup -Quarantine, -BackupRetention; Restore-CleanupBackup); -LogsPath and -BackupPath on every cmdlet.'
        }
    }
}
