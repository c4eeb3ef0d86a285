<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>BackupPanel</name>
    <message>
        <location filename="../../inspector_app/gui/pages/settings_backups.py" line="+30"/>
        <source>手动</source>
        <translation>Manual</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>每日自动</source>
        <translation>Daily (automatic)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导入前自动</source>
        <translation>Before import (automatic)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>升级前自动</source>
        <translation>Before upgrade (automatic)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>恢复前自动</source>
        <translation>Before restore (automatic)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>备份保存在数据文件夹的 backups 子文件夹中。每天首次打开、导入数据包、升级和恢复之前自动备份，自动备份只保留最近几份；手动备份不会被自动删除。证据文件按内容哈希存放、从不覆盖，恢复时按备份清单核对。</source>
        <translation>Backups are kept in the backups subfolder of the data folder. A backup is taken automatically on the first start of each day and before importing a package, upgrading or restoring; only the latest few automatic backups are kept, manual backups are never deleted automatically. Evidence files are stored by content hash and never overwritten; a restore checks them against the backup&apos;s manifest.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>本机连接的是 PostgreSQL 数据库服务器：数据库由数据库管理员用 pg_dump 备份和恢复，本程序不做。</source>
        <translation>This computer uses a PostgreSQL database server: the database administrator backs it up and restores it with pg_dump; this program does not.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>备份</source>
        <translation>Backups</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>备份时间</source>
        <translation>Backed up</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>还没有备份。</source>
        <translation>No backups yet.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>打开备份文件夹</source>
        <translation>Open backup folder</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>恢复此备份…</source>
        <translation>Restore this backup…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>先在上面的列表中选择一份备份</source>
        <translation>First choose a backup in the list above</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>立即备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>已恢复：{0}</source>
        <translation>Restored: {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>已损坏的数据库保存在 trash 文件夹：{0}</source>
        <translation>The damaged database was kept in the trash folder: {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>恢复前的数据已另存为：{0}</source>
        <translation>The data before the restore was saved as: {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>被替换的数据无法读取，审计链只能从备份处继续；如本机在备份之后向局端导出过数据，请联系局端。</source>
        <translation>The replaced data could not be read, so the audit trail continues from the backup; if this device exported data to the bureau after the backup, contact the bureau.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>正在备份……</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>正在备份数据库……</source>
        <translation>Backing up the database…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>已备份：{0}</source>
        <translation>Backed up: {0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>备份未完成</source>
        <translation>Backup not completed</translation>
    </message>
</context>
<context>
    <name>ChecklistView</name>
    <message>
        <location filename="../../inspector_app/gui/pages/checklist.py" line="+41"/>
        <source>现场检查记录</source>
        <translation>On-site inspection record</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>责令限期整改指令书</source>
        <translation>Rectification order with deadline</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>现场处理措施决定书</source>
        <translation>On-site measures decision</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>整改复查意见书</source>
        <translation>Re-inspection opinion</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>事故隐患移送书</source>
        <translation>Hazard referral (to market regulation)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>特种设备安全监察指令书</source>
        <translation>Special equipment safety directive</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>签名…</source>
        <translation>Sign...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>完成检查</source>
        <translation>Complete inspection</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>签发文书</source>
        <translation>Issue document</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>检查完成后签发执法文书；不满足签发条件时会说明原因</source>
        <translation>Issue enforcement documents once the inspection is completed; if a document cannot be issued yet, you are told why</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location line="+95"/>
        <location line="+211"/>
        <source>、</source>
        <comment>between names</comment>
        <translation>, </translation>
    </message>
    <message>
        <location line="-195"/>
        <source>本次检查已完成并锁定，结果只能通过“更正”追加记录。</source>
        <translation>This inspection is completed and locked; results can only be amended by adding a correction.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>【重大】</source>
        <translation>[Major] </translation>
    </message>
    <message>
        <location line="+0"/>
        <source>【待核】</source>
        <translation>[To verify] </translation>
    </message>
    <message>
        <location line="+14"/>
        <source>已检查 {0} / {1} 项 · 不符合 {2} 项</source>
        <translation>{0} / {1} items checked · {2} non-compliant</translation>
    </message>
    <message>
        <location line="+143"/>
        <source>完成后检查结果将被锁定，之后只能追加更正记录。</source>
        <translation>Once completed, the results are locked; after that only corrections can be added.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>还有 {0} 项未检查，将记为“未检查”。</source>
        <translation>Items not yet checked: {0}; they will be recorded as &quot;not checked&quot;.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>有 {0} 个不符合项尚未登记隐患。</source>
        <translation>Non-compliant items without a hazard raised: {0}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>尚未签名：{0}。可在完成后补签或记录拒签。</source>
        <translation>Not yet signed: {0}. Signatures or a refusal can still be recorded after completing.</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>正在签发{0}……</source>
        <translation>Issuing {0}…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>此文书此前已签发，显示的是签发时的原件；如需更正请到“文书”页。</source>
        <translation>This document was issued earlier; shown is the original as issued. To correct it, go to the Documents page.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>已登记隐患（{0}，整改期限 {1}）</source>
        <translation>Hazard raised ({0}, rectification deadline {1})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已登记隐患（{0}）</source>
        <translation>Hazard raised ({0})</translation>
    </message>
</context>
<context>
    <name>CompleteDialog</name>
    <message>
        <location filename="../../inspector_app/gui/dialogs/complete_dialog.py" line="+15"/>
        <source>完成检查</source>
        <translation>Complete inspection</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>检查结束时间</source>
        <translation>Inspection ended at</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>完成并锁定</source>
        <translation>Complete and lock</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>DocumentPreviewDialog</name>
    <message>
        <location filename="../../inspector_app/gui/dialogs/document_preview.py" line="+56"/>
        <source>数据尚未就绪</source>
        <translation>the data is not available yet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>找不到文件</source>
        <translation>file not found</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不是有效的 PDF 文件</source>
        <translation>not a valid PDF file</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>文件受密码保护</source>
        <translation>the file is password-protected</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不支持的加密方式</source>
        <translation>unsupported encryption</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>另存为</source>
        <translation>Save As</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>无法保存到 {0}（{1}）</source>
        <translation>Could not save to {0} ({1})</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>第 {0} 页无法渲染，打印已停止</source>
        <translation>Page {0} could not be rendered; printing stopped</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>没有可打印的页</source>
        <translation>There are no pages to print</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>无法开始打印（{0}），请检查打印机是否已连接并开启</source>
        <translation>Could not start printing ({0}). Check that the printer is connected and switched on</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>文书预览 — {0}</source>
        <translation>Document preview — {0}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>另存为…</source>
        <translation>Save As…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>缩小</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>放大</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>适合宽度</source>
        <translation>Fit width</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>未知错误</source>
        <translation>unknown error</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>无法显示文书 {0} 的 PDF（{1}）。
可用“另存为”保存原文件，再用其他阅读器打开。</source>
        <translation>Cannot display the PDF of document {0} ({1}).
Use “Save As” to save the original file and open it in another reader.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>第 {0} / {1} 页</source>
        <translation>Page {0} / {1}</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>已保存到 {0}</source>
        <translation>Saved to {0}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>打印 {0}</source>
        <translation>Print {0}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>正在打印第 {0} / {1} 页……</source>
        <translation>Printing page {0} / {1}…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>正在打印……</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>正在打印 {0}……</source>
        <translation>Printing {0}…</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>已送出 {0} 页到 {1}</source>
        <translation>Sent {0} page(s) to {1}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>打印未完成</source>
        <translation>Printing did not finish</translation>
    </message>
</context>
<context>
    <name>DocumentsModel</name>
    <message>
        <location filename="../../inspector_app/gui/models/documents_model.py" line="+15"/>
        <source>文号</source>
        <translation>Document No.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>文书类型</source>
        <translation>Document type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>企业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>签发时间</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>本文书更正了此前签发的一份文书</source>
        <translation>This document corrects a previously issued document</translation>
    </message>
</context>
<context>
    <name>DocumentsPage</name>
    <message>
        <location filename="../../inspector_app/gui/pages/documents.py" line="+27"/>
        <source>尚未签发文书。完成检查后可在检查页签发现场检查记录、责令限期整改指令书等文书。</source>
        <translation>No documents issued yet. Once an inspection is completed, documents such as the on-site inspection record and the rectification order can be issued from the Inspection page.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>文书</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>预览</source>
        <translation>Preview</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>另存为…</source>
        <translation>Save As…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>更正…</source>
        <translation>Correct…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>签发一份新文号的更正文书，原文书保留备查</source>
        <translation>Issue a correcting document under a new number; the original is kept on record</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>核验文件…</source>
        <translation>Verify file…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>核对一份 PDF 是否为本机签发且未被改动的文书</source>
        <translation>Check whether a PDF is a document issued here and left unaltered</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>文书一经签发即不可修改；如需更正，请签发更正文书，原文书保留备查。</source>
        <translation>Issued documents cannot be changed. To correct one, issue a correcting document; the original is kept on file.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>共 {0} 份</source>
        <translation>{0} in total</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>已将 {0} 保存到 {1}</source>
        <translation>Saved {0} to {1}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>更正文书</source>
        <translation>Correct document</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>将签发一份新文号的更正文书替代 {0}，原文书保留备查。
更正理由（印在更正文书上）：</source>
        <translation>A correcting document with a new number will replace {0}; the original is kept on record.
Reason for the correction (printed on the new document):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>签发更正文书</source>
        <translation>Issue correction</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>正在签发更正文书……</source>
        <translation>Issuing the correction…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>已签发更正文书 {0}</source>
        <translation>Correction {0} issued</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>核验文件</source>
        <translation>Verify file</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PDF 或图片 (*.pdf *.png *.jpg *.jpeg);;PDF 文件 (*.pdf);;图片 (*.png *.jpg *.jpeg);;所有文件 (*)</source>
        <translation>PDF or image (*.pdf *.png *.jpg *.jpeg);;PDF files (*.pdf);;Images (*.png *.jpg *.jpeg);;All files (*)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>核验通过</source>
        <translation>Verified</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>核验未通过</source>
        <translation>Verification failed</translation>
    </message>
</context>
<context>
    <name>EnterprisesPage</name>
    <message>
        <location filename="../../inspector_app/gui/pages/enterprises.py" line="+34"/>
        <source>企业</source>
        <translation>Enterprises</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>名称、统一社会信用代码或地址</source>
        <translation>Name, unified social credit code or address</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>全部行业</source>
        <translation>All sectors</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>企业名称</source>
        <translation>Enterprise name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>乡镇</source>
        <translation>Township</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>行业</source>
        <translation>Sector</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>风险</source>
        <translation>Risk</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+20"/>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>选择左侧企业查看详情</source>
        <translation>Select an enterprise on the left to see its details</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>法定代表人</source>
        <translation>Legal representative</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>开始检查</source>
        <translation>Start inspection</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>整改复查</source>
        <translation>Re-inspection</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+8"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="-7"/>
        <location line="+9"/>
        <location line="+6"/>
        <source>隐患</source>
        <translation>Hazards</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>检查表</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>检查记录</source>
        <translation>Inspections</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>全部乡镇</source>
        <translation>All townships</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>共 {0} 家</source>
        <translation>Enterprises: {0}</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>{0}（{1} · {2}）</source>
        <translation>{0} ({1} · {2})</translation>
    </message>
</context>
<context>
    <name>HazardDialog</name>
    <message>
        <location filename="../../inspector_app/gui/dialogs/hazard_dialog.py" line="+34"/>
        <source>登记隐患</source>
        <translation>Raise hazard</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>隐患描述</source>
        <translation>Hazard description</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>如“3号采场东侧边坡”“1号液氨储罐”</source>
        <translation>e.g. &quot;east slope of pit 3&quot;, &quot;ammonia tank no. 1&quot;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>部位（设备）</source>
        <translation>Location (equipment)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>隐患级别</source>
        <translation>Hazard level</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>违反</source>
        <translation>Violates</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>依据</source>
        <translation>Legal basis</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>（检查表未写明）</source>
        <translation>(not stated in the checklist)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>整改措施</source>
        <translation>Rectification measures</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>责令限期整改，期限至</source>
        <translation>Rectification order, deadline</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>注意：该检查项依据为“待核”，签发文书前请核对官方原文。</source>
        <translation>Note: the basis of this item is marked &quot;to verify&quot;; check it against the official text before issuing documents.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>登记</source>
        <translation>Raise</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>HazardMeasures</name>
    <message>
        <location filename="../../inspector_app/gui/dialogs/onsite_measures_dialog.py" line="+36"/>
        <source>撤出作业人员</source>
        <translation>Evacuate workers</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>暂时停产停业</source>
        <translation>Suspend production</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>停止使用设施设备</source>
        <translation>Stop using the facility or equipment</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>重大事故隐患 {0}</source>
        <translation>Major hazard {0}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>部位或设备</source>
        <translation>Location or equipment</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>如“3号采场”“1号液氨储罐”</source>
        <translation>e.g. &quot;pit 3&quot;, &quot;ammonia tank no. 1&quot;</translation>
    </message>
</context>
<context>
    <name>HazardReview</name>
    <message>
        <location filename="../../inspector_app/gui/dialogs/review_dialog.py" line="+53"/>
        <source>整改期限：{0}{1}&#x3000;整改措施：{2}</source>
        <translation>Rectification deadline: {0}{1}    Measures: {2}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>（已逾期）</source>
        <translation> (overdue)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>暂不复查</source>
        <translation>Not now</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>复查合格，销号</source>
        <translation>Passed, close hazard</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>复查不合格</source>
        <translation>Failed</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>复查情况</source>
        <translation>Re-inspection findings</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>新的整改期限</source>
        <translation>New rectification deadline</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>隐患照片（复查时添加的记为整改后照片）</source>
        <translation>Hazard photos (those added at a re-inspection are recorded as after rectification)</translation>
    </message>
</context>
<context>
    <name>ItemPanel</name>
    <message>
        <location filename="../../inspector_app/gui/widgets/item_panel.py" line="+29"/>
        <source>符合</source>
        <translation>Compliant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不符合</source>
        <translation>Non-compliant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不适用</source>
        <translation>Not applicable</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>重大事故隐患判定项</source>
        <translation>Major hazard criterion</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>待核：依据尚未与官方原文核对</source>
        <translation>To verify: basis not yet checked against the official text</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>检查情况说明</source>
        <translation>Findings</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>记录部位、现象、数量等（自动保存）</source>
        <translation>Location, condition, quantity, etc. (saved automatically)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>现场照片</source>
        <translation>Site photos</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>登记隐患…</source>
        <translation>Raise hazard...</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>（检查表未写明）</source>
        <translation>(not stated in the checklist)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>违反：</source>
        <translation>Violates: </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>依据：</source>
        <translation>Basis: </translation>
    </message>
    <message>
        <location line="+34"/>
        <source>正在保存…</source>
        <translation>Saving...</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
</context>
<context>
    <name>LedgerModel</name>
    <message>
        <location filename="../../inspector_app/gui/models/ledger_model.py" line="+48"/>
        <source>发现日期</source>
        <translation>Found</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>企业名称</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>乡镇（街道）</source>
        <translation>Township</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>行业</source>
        <translation>Sector</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>隐患描述</source>
        <translation>Hazard description</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>整改期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>剩余/逾期</source>
        <translation>Left/overdue</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>逾期{0}天</source>
        <translation>{0} d late</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>今日到期</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>剩{0}天</source>
        <translation>{0} d left</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>整改措施：{0}</source>
        <translation>Rectification measures: {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>依据：{0}</source>
        <translation>Basis: {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>整改期限：{0}</source>
        <translation>Rectification deadline: {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>（已逾期 {0} 天）</source>
        <translation> (overdue: {0} d)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>销号日期：{0}</source>
        <translation>Closed: {0}</translation>
    </message>
    <message>
        <location line="+124"/>
        <source>（该隐患已删除）</source>
        <translation>(hazard deleted)</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>点击按此列排序</source>
        <translation>Click to sort by this column</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>此列不能排序</source>
        <translation>This column cannot be sorted</translation>
    </message>
</context>
<context>
    <name>LedgerPage</name>
    <message>
        <location filename="../../inspector_app/gui/pages/ledger.py" line="+122"/>
        <source>隐患台账</source>
        <translation>Hazard ledger</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>搜索隐患描述、企业名称或信用代码</source>
        <translation>Hazard, enterprise or credit code</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>导出 Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>按当前筛选和排序导出为 Excel 工作簿（.xlsx）</source>
        <translation>Export with the current filters and sort order as an Excel workbook (.xlsx)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导出 CSV</source>
        <translation>Export CSV</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>按当前筛选和排序导出为 CSV（UTF-8，Excel 可直接打开）</source>
        <translation>Export with the current filters and sort order as CSV (UTF-8, opens directly in Excel)</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+159"/>
        <source>全部乡镇</source>
        <translation>All townships</translation>
    </message>
    <message>
        <location line="-156"/>
        <source>全部行业</source>
        <translation>All sectors</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>全部级别</source>
        <translation>All levels</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未销号（全部在办）</source>
        <translation>Not closed (all open)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>仅逾期</source>
        <translation>Overdue only</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>发现日期起（含）；选到最早即为“不限”</source>
        <translation>Found on or after this date; the earliest date means &quot;Any&quot;</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>发现日期止（含）；选到最早即为“不限”</source>
        <translation>Found on or before this date; the earliest date means &quot;Any&quot;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>重置筛选</source>
        <translation>Reset filters</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>发现日期</source>
        <translation>Found</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>台账</source>
        <translation>Ledger</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>统计</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>共 0 条</source>
        <translation>Hazards: 0</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>复查</source>
        <translation>Re-inspect</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>对所选隐患所在企业进行复查（双击行也可）</source>
        <translation>Re-inspect the enterprise of the selected hazard (or double-click the row)</translation>
    </message>
    <message>
        <location line="+129"/>
        <source>正在筛选隐患……</source>
        <translation>Filtering hazards...</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>共 {0} 条</source>
        <translation>Hazards: {0}</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>复查功能尚未启用</source>
        <translation>Re-inspection is not available yet</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>该隐患当前为“{0}”，不需要复查</source>
        <translation>This hazard is &quot;{0}&quot; and needs no re-inspection</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>正在统计……</source>
        <translation>Computing statistics...</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV 文件（UTF-8） (*.csv)</source>
        <translation>CSV file, UTF-8 (*.csv)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导出隐患台账</source>
        <translation>Export hazard ledger</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>已导出 {0} / {1} 条</source>
        <translation>Exported {0} / {1} rows</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>正在导出隐患台账……</source>
        <translation>Exporting the hazard ledger...</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>已取消导出，未生成文件</source>
        <translation>Export cancelled; no file was written</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>导出完成</source>
        <translation>Export complete</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已导出 {0} 条隐患到：
{1}</source>
        <translation>Hazards exported: {0}. Saved to:
{1}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../inspector_app/gui/main_window.py" line="+35"/>
        <source>今日</source>
        <translation>Today</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>企业</source>
        <translation>Enterprises</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>检查</source>
        <translation>Inspection</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>隐患台账</source>
        <translation>Hazard ledger</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>文书</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>安全生产现场检查执法终端</source>
        <translation>Work Safety Inspection Terminal</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>正在打开数据……</source>
        <translation>Opening data...</translation>
    </message>
    <message>
        <location line="+29"/>
        <location filename="../../inspector_app/gui/pages/sync.py" line="+617"/>
        <source>终端 {0}</source>
        <translation>Device {0}</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>{0}
再次打开本程序时会再提供从备份恢复。请勿删除数据文件夹：
{1}</source>
        <translation>{0}
The next start of the program offers the restore again. Do not delete the data folder:
{1}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>无法打开数据：
{0}</source>
        <translation>Cannot open the data:
{0}</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>数据库文件已损坏，无法打开。</source>
        <translation>The database file is damaged and cannot be opened.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>正在进行每日自动备份……</source>
        <translation>Taking the daily backup…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>每日自动备份时发现数据库文件已损坏。</source>
        <translation>The daily backup found the database file damaged.</translation>
    </message>
</context>
<context>
    <name>OnsiteMeasuresDialog</name>
    <message>
        <location filename="../../inspector_app/gui/dialogs/onsite_measures_dialog.py" line="+16"/>
        <source>现场处理措施</source>
        <translation>On-site measures</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>依据{0}，对下列重大事故隐患逐项选择现场处理措施，并写明针对的部位或设备：</source>
        <translation>Under {0}, choose the on-site measures for each major hazard below and name the location or equipment they apply to:</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>签发</source>
        <translation>Issue</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>请至少为一项重大事故隐患选择现场处理措施。</source>
        <translation>Choose an on-site measure for at least one major hazard.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>请写明所选措施针对的部位或设备。</source>
        <translation>Name the location or equipment the chosen measures apply to.</translation>
    </message>
</context>
<context>
    <name>OptionalDateEdit</name>
    <message>
        <location filename="../../inspector_app/gui/pages/ledger.py" line="-422"/>
        <source>不限</source>
        <translation>Any</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <location filename="../../inspector_app/gui/widgets/photo_strip.py" line="+19"/>
        <source>照片 (*.jpg *.jpeg *.png *.JPG *.JPEG *.PNG)</source>
        <translation>Photos (*.jpg *.jpeg *.png *.JPG *.JPEG *.PNG)</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>添加照片…</source>
        <translation>Add photos...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>也可以把照片拖到这里，或按 Ctrl+V 粘贴</source>
        <translation>You can also drop photos here or paste them with Ctrl+V</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>选择照片</source>
        <translation>Choose photos</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>正在保存照片…</source>
        <translation>Saving photos...</translation>
    </message>
</context>
<context>
    <name>RefusalDialog</name>
    <message>
        <location filename="../../inspector_app/gui/dialogs/refusal_dialog.py" line="+17"/>
        <source>记录拒绝签名</source>
        <translation>Record refusal to sign</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>被检查单位负责人拒绝签字的，执法人员应当将情况记录在案，并向本部门报告（安全生产法第六十八条）。</source>
        <translation>When the person in charge of the inspected unit refuses to sign, the inspectors record it and report it to their department (Work Safety Law, article 68).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>拒签人姓名</source>
        <translation>Name of the person refusing</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>职务</source>
        <translation>Title</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>见证人</source>
        <translation>Witness</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>在场见证人的姓名（如村干部、其他在场人员）</source>
        <translation>Name of a witness present (e.g. a village official)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>录音录像编号</source>
        <translation>Recording number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>执法记录仪录音录像的编号或文件名</source>
        <translation>Number or file name of the body-camera recording</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>拒签时间</source>
        <translation>Refused at</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>见证人与录音录像编号至少填写一项。</source>
        <translation>Give a witness or a recording number.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>记录拒签</source>
        <translation>Record refusal</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <location filename="../../inspector_app/gui/dialogs/restore_dialog.py" line="+27"/>
        <source>企业</source>
        <translation>Enterprises</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>执法人员</source>
        <translation>Inspectors</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>检查</source>
        <translation>Inspections</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>隐患</source>
        <translation>Hazards</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>照片</source>
        <translation>Photos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>文书</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>恢复前，当前数据会自动另存为一份“恢复前自动”备份，需要时可以再恢复回来。</source>
        <translation>Before restoring, the current data is saved as a &quot;Before restore&quot; backup, so it can be restored again if needed.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>已损坏的数据库文件会原样保存在 trash 文件夹中，不会删除。</source>
        <translation>The damaged database file is kept as it is in the trash folder; it is not deleted.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>备份之后新增或修改的记录将从本机消失；照片、签名等证据文件不会删除。</source>
        <translation>Records added or changed after the backup will disappear from this device; photos, signatures and other evidence files are not deleted.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已发送到应急管理局的数据仍保留在局端。本机之后导出的数据包局端照常接收，按记录标识去重，不会重复；同一记录若局端已有较新版本，将列入冲突清单供人工核对。</source>
        <translation>Data already sent to the bureau stays at the bureau. The bureau keeps accepting this device&apos;s packages and matches records by their identifiers, so nothing is duplicated; where the bureau holds a newer version of a record, it goes to the conflict list for a person to check.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>已使用过的文号不会再次使用。</source>
        <translation>Document numbers already used will not be used again.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>恢复完成后，窗口将重新载入数据。</source>
        <translation>When the restore is done, the window reloads the data.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>恢复备份</source>
        <translation>Restore backup</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>用这份备份替换当前数据？</source>
        <translation>Replace the current data with this backup?</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>备份时间</source>
        <translation>Backed up</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>恢复此备份</source>
        <translation>Restore this backup</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>备份中</source>
        <translation>In the backup</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>当前</source>
        <translation>Now</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>有 {0} 个证据文件在 trash 文件夹中，恢复时将复制回 media 文件夹。</source>
        <translation>{0} evidence files are in the trash folder; the restore copies them back to the media folder.</translation>
    </message>
</context>
<context>
    <name>RestoreFlow</name>
    <message>
        <location filename="../../inspector_app/gui/restore_flow.py" line="+46"/>
        <source>正在校验备份……</source>
        <translation>Checking the backup…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>正在查找完好的备份……</source>
        <translation>Looking for an intact backup…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>无法打开数据</source>
        <translation>Cannot open the data</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0}

没有找到可以恢复的完好备份。请不要删除数据文件夹，交维护人员处理：
{1}</source>
        <translation>{0}

No intact backup was found to restore. Do not delete the data folder; hand it to your support staff:
{1}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0}
以下是最近一份完好的备份。</source>
        <translation>{0}
This is the newest intact backup.</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>正在恢复备份……</source>
        <translation>Restoring the backup…</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <location filename="../../inspector_app/gui/dialogs/review_dialog.py" line="+27"/>
        <source>整改复查 — {0}</source>
        <translation>Re-inspection — {0}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>复查时间</source>
        <translation>Re-inspected at</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>复查人员（两名以上执法人员）</source>
        <translation>Re-inspecting officers (two or more)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>共 {0} 条隐患在整改中。逐条选择复查结果；未选择的保持不变。</source>
        <translation>Hazards under rectification: {0}. Choose a result for each; those left unchosen stay as they are.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>该企业没有需要复查的隐患。</source>
        <translation>This enterprise has no hazards awaiting re-inspection.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>保存复查结果</source>
        <translation>Save results</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>{0}（执法证号 {1}）</source>
        <translation>{0} (certificate {1})</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../inspector_app/gui/pages/settings.py" line="+42"/>
        <source>执法机关名称</source>
        <translation>Enforcement authority</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>如：某某县应急管理局</source>
        <translation>e.g. Xx County Emergency Management Bureau</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>地方简称</source>
        <translation>Local abbreviation</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>用于文书编号，如“宁”</source>
        <translation>Used in document numbers, e.g. &quot;宁&quot;</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>行政复议机关（人民政府）</source>
        <translation>Administrative review body</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>如：某某县人民政府</source>
        <translation>e.g. Xx County People&apos;s Government</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>行政诉讼法院</source>
        <translation>Administrative litigation court</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>如：某某县人民法院</source>
        <translation>e.g. Xx County People&apos;s Court</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+178"/>
        <source>复查期限</source>
        <translation>Re-inspection period</translation>
    </message>
    <message>
        <location line="-176"/>
        <source>2024年1月1日起施行的《行政复议法》第二十四条：对县级以上地方人民政府工作部门作出的行政行为不服的，由本级人民政府管辖行政复议。应急管理局的文书应告知向本级人民政府申请行政复议，不再写“或者上一级主管部门”。</source>
        <translation>Article 24 of the Administrative Review Law (in force since 1 January 2024): administrative review of acts by a working department of a local people&apos;s government at county level or above lies with the people&apos;s government at the same level. Emergency management bureau documents should therefore refer reviews to the people&apos;s government at the same level, no longer &quot;or the competent department at the next level up&quot;.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>一般为本机关所在地的基层人民法院；如本地行政案件由其他法院集中管辖（如铁路运输法院），请填写该法院。</source>
        <translation>Usually the basic people&apos;s court where this authority is located; if local administrative cases are heard centrally by another court (e.g. a railway transport court), enter that court.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>执法人员资料</source>
        <translation>Inspectors</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>当前执法人员</source>
        <translation>Current inspector</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+28"/>
        <source>执法证号</source>
        <translation>Certificate No.</translation>
    </message>
    <message>
        <location line="-25"/>
        <location line="+27"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>当前执法人员记入审计记录，作为本机每项操作的操作人。</source>
        <translation>The current inspector is recorded in the audit trail as the operator of every action on this device.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>新增执法人员</source>
        <translation>Add an inspector</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>与执法证一致</source>
        <translation>Per certificate</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>执法证上的编号</source>
        <translation>Number on certificate</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>添加并设为当前执法人员</source>
        <translation>Add and make current</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>执法机关</source>
        <translation>Enforcement authority</translation>
    </message>
    <message>
        <location line="+31"/>
        <source> 日</source>
        <translation> days</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>整改期限届满后，在此期限内对整改情况进行复查</source>
        <translation>Re-inspect the rectification within this many days after the deadline</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>整改期限届满后多少日内复查，用于整改复查提醒。</source>
        <translation>Days after the rectification deadline within which to re-inspect; used for re-inspection reminders.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>本机</source>
        <translation>This device</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>终端标识</source>
        <translation>Device ID</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>数据文件夹</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>在文件管理器中打开</source>
        <translation>Open in file manager</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>程序 {0} · 数据库架构 {1}</source>
        <translation>App {0} · database schema {1}</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>（未选择）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0}（{1}）</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>当前操作人“{0}”未登记为执法人员</source>
        <translation>The current operator &quot;{0}&quot; is not a registered inspector</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>尚未填写：{0}。填写前不能签发执法文书（文书上不能出现“某某”之类的示例）。</source>
        <translation>Not yet filled in: {0}. No enforcement document can be issued until they are (a document must never carry a sample name).</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>已保存：{0}</source>
        <translation>Saved: {0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>执法机关名称不能为空，已恢复原值</source>
        <translation>The authority name cannot be empty; the previous value was restored</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>地方简称应为1至6个字，已恢复原值</source>
        <translation>The abbreviation must be 1 to 6 characters; the previous value was restored</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>已保存：复查期限 {0} 日</source>
        <translation>Saved: re-inspection period {0} days</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>当前执法人员：{0}</source>
        <translation>Current inspector: {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已清除当前执法人员</source>
        <translation>Current inspector cleared</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>已添加执法人员“{0}”，并设为当前执法人员</source>
        <translation>Added inspector &quot;{0}&quot; and made them current</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>无法打开文件夹</source>
        <translation>Cannot open folder</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>请在文件管理器中打开：
{0}</source>
        <translation>Please open it in your file manager:
{0}</translation>
    </message>
</context>
<context>
    <name>SignatureDialog</name>
    <message>
        <location filename="../../inspector_app/gui/dialogs/signature_dialog.py" line="+34"/>
        <source>被检查单位负责人</source>
        <translation>Enterprise representative</translation>
    </message>
    <message>
        <location line="+162"/>
        <source>现场签名 — {0}</source>
        <translation>On-site signatures — {0}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>现场签名</source>
        <translation>On-site signatures</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>（拒签）</source>
        <translation> (refused)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>（已签）</source>
        <translation> (signed)</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>已签 {0} 人，待签 {1} 人</source>
        <translation>Signed: {0}; still to sign: {1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>全部 {0} 人均已签名</source>
        <translation>All {0} signers have signed</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>请先在签名框内签名</source>
        <translation>Please sign in the box first</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>已保存 {0} 个签名；还有 {1} 人未签名</source>
        <translation>Signatures saved: {0}; still to sign: {1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已保存 {0} 个签名</source>
        <translation>Signatures saved: {0}</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>已记录拒绝签名；请向本部门报告</source>
        <translation>Refusal to sign recorded; report it to your department</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <location filename="../../inspector_app/gui/widgets/signature_pad.py" line="+134"/>
        <source>签名</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>签名板</source>
        <translation>Signature pad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>用手指、手写笔或鼠标在框内签名</source>
        <translation>Sign in the box with a finger, pen or mouse</translation>
    </message>
    <message>
        <location line="+231"/>
        <source>请在横线上方签名</source>
        <translation>Please sign above the line</translation>
    </message>
</context>
<context>
    <name>SignerSection</name>
    <message>
        <location filename="../../inspector_app/gui/dialogs/signature_dialog.py" line="-303"/>
        <source>签名</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>请本人签署全名。重新签名会保留之前的签名记录，以最新签名为准。</source>
        <translation>Sign your full name in person. Signing again keeps the earlier signatures; the latest one counts.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>签字人姓名</source>
        <translation>Signer&apos;s name</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>被检查单位负责人或其授权的现场负责人</source>
        <translation>Head of the inspected enterprise, or the person in charge on site authorised by them</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>如“总经理”“矿长”</source>
        <translation>e.g. &quot;general manager&quot;, &quot;mine manager&quot;</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>职务</source>
        <translation>Title</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>拒绝签名…</source>
        <translation>Refuses to sign…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>执法人员&#x3000;{0}&#x3000;&#x3000;执法证号&#x3000;{1}</source>
        <translation>Inspector {0}    Enforcement certificate No. {1}</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>见证人：{0}</source>
        <translation>witness: {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>录音录像：{0}</source>
        <translation>recording: {0}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>拒绝签名：{0}，{1}；{2}</source>
        <translation>Refused to sign: {0}, {1}; {2}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>尚未签名</source>
        <translation>Not signed yet</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>已签名：{0}，{1}</source>
        <translation>Signed: {0}, {1}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>签名图片缺失</source>
        <translation>Signature image missing</translation>
    </message>
</context>
<context>
    <name>StartPanel</name>
    <message>
        <location filename="../../inspector_app/gui/pages/inspection.py" line="+33"/>
        <source>新建现场检查</source>
        <translation>New on-site inspection</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>被检查单位（输入名称、信用代码或乡镇查找）</source>
        <translation>Enterprise to inspect (search by name, credit code or township)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>执法人员（至少两名，须持执法证）</source>
        <translation>Inspectors (at least two, holding enforcement certificates)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>默认为企业地址</source>
        <translation>Defaults to the enterprise&apos;s address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>检查场所</source>
        <translation>Place</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>开始检查</source>
        <translation>Start inspection</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{0}    执法证号 {1}</source>
        <translation>{0}    Enforcement certificate No. {1}</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>请先选择被检查单位</source>
        <translation>Please select the enterprise to inspect first</translation>
    </message>
</context>
<context>
    <name>StatsPanel</name>
    <message>
        <location filename="../../inspector_app/gui/pages/ledger.py" line="+463"/>
        <source>发现隐患（条）</source>
        <translation>Hazards found</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已整改销号（条）</source>
        <translation>Rectified and closed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>整改率（销号/发现）</source>
        <translation>Rectification rate (closed/found)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未销号（条）</source>
        <translation>Not closed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>逾期未整改（条）</source>
        <translation>Overdue, not rectified</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>乡镇（街道）</source>
        <translation>Township</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>行业</source>
        <translation>Sector</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+65"/>
        <source>发现</source>
        <translation>Found</translation>
    </message>
    <message>
        <location line="-65"/>
        <source>已销号</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>未销号</source>
        <translation>Not closed</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+67"/>
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location line="-67"/>
        <source>整改率</source>
        <translation>Rate</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>按乡镇（街道）：发现与整改</source>
        <translation>By township: found and rectified</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>按行业：发现与整改</source>
        <translation>By sector: found and rectified</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>已整改销号</source>
        <translation>Rectified and closed</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>（无数据）</source>
        <translation>(no data)</translation>
    </message>
</context>
<context>
    <name>SyncModels</name>
    <message>
        <location filename="../../inspector_app/gui/models/sync_models.py" line="+36"/>
        <source>终端</source>
        <translation>Device</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>企业</source>
        <translation>Enterprises</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>执法人员</source>
        <translation>Inspectors</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>检查表版本</source>
        <translation>Checklist versions</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>文书编号段</source>
        <translation>Document number ranges</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>检查</source>
        <translation>Inspections</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>检查人员</source>
        <translation>Inspection team members</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>检查项结果</source>
        <translation>Item results</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>结果更正</source>
        <translation>Result corrections</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>隐患</source>
        <translation>Hazards</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>隐患流转</source>
        <translation>Hazard history</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>照片</source>
        <translation>Photos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>签名</source>
        <translation>Signatures</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>文书</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>双随机抽取</source>
        <translation>Random draws</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>检查任务</source>
        <translation>Inspection tasks</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>审计记录</source>
        <translation>Audit records</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+367"/>
        <source>回执</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <location line="-364"/>
        <source>终端登记</source>
        <translation>Device enrolment</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>局端更新</source>
        <translation>Bureau update</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>终端数据</source>
        <translation>Device data</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>新增</source>
        <translation>added</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>更新</source>
        <translation>updated</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未变</source>
        <translation>unchanged</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>冲突</source>
        <translation>conflicts</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>待回执</source>
        <translation>Awaiting receipt</translation>
    </message>
    <message>
        <location line="+122"/>
        <source>{0} · 序号 {1}</source>
        <translation>{0} · no. {1}</translation>
    </message>
    <message>
        <location line="+139"/>
        <source>方向</source>
        <translation>Direction</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+51"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="-50"/>
        <source>对方</source>
        <translation>Other party</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>局端回执</source>
        <translation>Bureau receipt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>内容</source>
        <translation>Contents</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>局端已确认收到该数据包中的记录</source>
        <translation>The bureau has confirmed receiving the records in this package</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>局端导入后，下次发回的数据包会带回回执</source>
        <translation>Once the bureau has imported it, its next package brings the receipt back</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>回执已随此后的局端更新包发给该终端</source>
        <translation>The receipt went to this device with a later bureau update</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>为该终端导出数据包时会附上回执</source>
        <translation>The receipt goes with the next package exported for this device</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>数据包 {0}</source>
        <translation>Package {0}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>来自数据包</source>
        <translation>From package</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>已核对</source>
        <translation>Checked</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>待核对</source>
        <translation>To check</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>终端名称</source>
        <translation>Device name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>登记时间</source>
        <translation>Enrolled</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>最近收到数据</source>
        <translation>Last data received</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>最近发出更新</source>
        <translation>Last update sent</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>终端标识</source>
        <translation>Device ID</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>待发出</source>
        <translation>To send</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>收到该终端的数据后还没有为它导出过数据包；导出时会附上回执</source>
        <translation>Data from this device has arrived but no package has been exported for it since; the next export carries the receipt</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../inspector_app/gui/pages/sync.py" line="-13"/>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location line="-484"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location line="+484"/>
        <source>导入数据包</source>
        <translation>Import data package</translation>
    </message>
    <message>
        <location line="-546"/>
        <source>检查结束后，把数据包导出到 U 盘带回局里导入；局里导出的更新包（企业名录、检查表、文书编号段和回执）再导入本机。数据包带有数字签名并加密，导入前先校验并预演。</source>
        <translation>After inspections, export a package to a USB stick and import it at the bureau; then import the bureau&apos;s update package (enterprise register, checklists, document number ranges and the receipt) here. Packages are signed and encrypted, and every import is verified and rehearsed first.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>导入各执法终端带回的数据包；在“终端”标签中登记新终端，或为终端导出更新包（附带回执）。导入前先校验签名并预演，确认后才写入。</source>
        <translation>Import the packages the inspection devices bring back. On the “Devices” tab, enrol a new device or export an update (with the receipt) for one. Every import is verified and rehearsed first, and written only once you confirm.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>本终端尚未登记到应急管理局：请导入局端提供的登记数据包（点“导入数据包…”，选择局里交给您的 .pkg 文件）。</source>
        <translation>This device is not enrolled with the bureau yet: import the enrolment package the bureau gave you (click “Import package…” and choose the .pkg file).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>执法终端</source>
        <translation>Inspection device</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>应急管理局</source>
        <translation>Emergency management bureau</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>核对说明（例如：已电话核实，以局端登记为准）：</source>
        <translation>Note on the check (for example: confirmed by phone, the bureau&apos;s record stands):</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>数据包记录</source>
        <translation>Packages</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+218"/>
        <source>冲突清单</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location line="-214"/>
        <source>终端</source>
        <translation>Devices</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>本机</source>
        <translation>This device</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>终端标识</source>
        <translation>Device ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已登记终端</source>
        <translation>Enrolled devices</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>待发回执</source>
        <translation>Receipts to send</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>登记状态</source>
        <translation>Enrolment</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>等待局端回执</source>
        <translation>Awaiting bureau receipt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>检查任务</source>
        <translation>Inspection tasks</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>U 盘数据包</source>
        <translation>USB packages</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>导出数据包…</source>
        <translation>Export package…</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+225"/>
        <source>选择一个文件夹或 U 盘，把本机尚未得到局端回执的数据写成一个数据包</source>
        <translation>Choose a folder or USB drive and write everything the bureau has not yet acknowledged into one package</translation>
    </message>
    <message>
        <location line="-224"/>
        <source>导入数据包…</source>
        <translation>Import package…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>选择一个数据包：先校验并预演，确认后才导入</source>
        <translation>Choose a package: it is verified and rehearsed first, and imported only once you confirm</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>尚未导出或导入过数据包。</source>
        <translation>No package has been exported or imported yet.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>显示已核对的冲突</source>
        <translation>Show checked conflicts</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>标记为已核对…</source>
        <translation>Mark as checked…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>本机现有的版本</source>
        <translation>Version held here</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>数据包中的版本</source>
        <translation>Version in the package</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>登记新终端…</source>
        <translation>Enrol new device…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>为一台新的执法终端制作登记数据包（内含该终端的密钥，请当面交接）</source>
        <translation>Make the enrolment package for a new inspection device (it holds the device&apos;s keys: hand it over in person)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>为所选终端导出…</source>
        <translation>Export for selected device…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>企业名录、检查表、检查任务、文书编号段，以及已收到该终端数据的回执</source>
        <translation>Enterprise register, checklists, inspection tasks, document number ranges, and the receipt for the data received from this device</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>冲突清单（{0}）</source>
        <translation>Conflicts ({0})</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} 处冲突待核对。两份数据都已保留，核对后请标记。</source>
        <translation>{0} conflict(s) to check. Both versions are kept; mark each one once checked.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>没有待核对的冲突。</source>
        <translation>No conflicts to check.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>已登记到 {0}</source>
        <translation>Enrolled with {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>未登记</source>
        <translation>Not enrolled</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>无（已导出的记录都已得到局端回执）</source>
        <translation>None (the bureau has acknowledged everything exported)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>尚未导出过数据包</source>
        <translation>No package exported yet</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} 项待办</source>
        <translation>{0} open</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+7"/>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>{0} 台</source>
        <translation>{0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>这些终端的数据已导入，回执随下次为它们导出的数据包发出</source>
        <translation>Data from these devices has been imported; the receipt goes with the next package exported for each</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>本终端尚未登记，不能导出：请先导入局端提供的登记数据包</source>
        <translation>This device is not enrolled and cannot export: first import the enrolment package from the bureau</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>在上面的清单中选择一条冲突，查看两份数据的差别。</source>
        <translation>Select a conflict in the list above to compare the two versions.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>已核对（{0}）：{1}</source>
        <translation>Checked ({0}): {1}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>不一致的字段：{0}</source>
        <translation>Fields that differ: {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>（本机没有对应的记录）</source>
        <translation>(no matching record here)</translation>
    </message>
    <message>
        <location line="+25"/>
        <location line="+5"/>
        <source>标记为已核对</source>
        <translation>Mark as checked</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>已核对</source>
        <translation>Checked</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+117"/>
        <location line="+37"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="-139"/>
        <source>已将该冲突标记为已核对；两份数据仍保留在冲突清单中。</source>
        <translation>The conflict is marked as checked; both versions stay in the conflict list.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>已取消，未做任何更改。</source>
        <translation>Cancelled; nothing was changed.</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+133"/>
        <source>选择导出到的文件夹或 U 盘</source>
        <translation>Choose the folder or USB drive to export to</translation>
    </message>
    <message>
        <location line="-124"/>
        <location line="+134"/>
        <source>正在导出数据包……</source>
        <translation>Exporting the package…</translation>
    </message>
    <message>
        <location line="-129"/>
        <source>已导出数据包：{0}
内容：{1}
请把该文件带到局里导入；局端的回执会随下次局端更新包带回。</source>
        <translation>Package exported: {0}
Contents: {1}
Take this file to the bureau for import; the bureau&apos;s receipt comes back with its next update package.</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+138"/>
        <source>没有新的记录</source>
        <translation>no new records</translation>
    </message>
    <message>
        <location line="-126"/>
        <source>选择要导入的数据包</source>
        <translation>Choose the package to import</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>数据包 (*.pkg *.zip);;所有文件 (*)</source>
        <translation>Packages (*.pkg *.zip);;All files (*)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>正在校验数据包……</source>
        <translation>Verifying the package…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>数据包“{0}”的签名和每个文件都已校验。预演结果如下（尚未写入）：</source>
        <translation>The signature and every file of package “{0}” have been verified. The rehearsal found (nothing written yet):</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>确认导入吗？</source>
        <translation>Import it?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>已取消导入，未做任何更改。</source>
        <translation>Import cancelled; nothing was changed.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>正在导入数据包……</source>
        <translation>Importing the package…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>请在“冲突清单”中逐条核对。</source>
        <translation>Please check each one on the “Conflicts” tab.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>登记新终端</source>
        <translation>Enrol new device</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>终端名称（例如“城关镇安监办-1”）：</source>
        <translation>Device name (for example “Chengguan safety office 1”):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>选择保存位置…</source>
        <translation>Choose where to save…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>选择保存登记数据包的文件夹或 U 盘</source>
        <translation>Choose the folder or USB drive for the enrolment package</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>正在登记终端……</source>
        <translation>Enrolling the device…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>已登记终端“{0}”。登记数据包：{1}
其中含有该终端的密钥：请当面交接，在终端上导入后删除此文件。</source>
        <translation>Device “{0}” enrolled. Enrolment package: {1}
It holds the device&apos;s keys: hand it over in person and delete the file once it is imported on the device.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>已为终端“{0}”导出数据包：{1}
内容：{2}
请带到该终端上导入。</source>
        <translation>Package exported for device “{0}”: {1}
Contents: {2}
Import it on that device.</translation>
    </message>
</context>
<context>
    <name>Task</name>
    <message>
        <location filename="../../inspector_app/gui/tasks.py" line="+81"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>请稍候</source>
        <translation>Please wait</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <location filename="../../inspector_app/gui/pages/today.py" line="+20"/>
        <source>逾期 {0} 天</source>
        <translation>{0} d late</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>今天到期</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} 天后</source>
        <translation>in {0} d</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>今日</source>
        <translation>Today</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>新建检查</source>
        <translation>New inspection</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>待复查隐患（7日内到期及已逾期）</source>
        <translation>Hazards due for re-inspection (within 7 days or overdue)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>整改期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>剩余</source>
        <translation>Remaining</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+21"/>
        <source>企业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <location line="-20"/>
        <location line="+21"/>
        <source>乡镇</source>
        <translation>Township</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+21"/>
        <source>隐患</source>
        <translation>Hazards</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>复查所选企业的隐患</source>
        <translation>Re-inspect the selected enterprise&apos;s hazards</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>未完成的检查</source>
        <translation>Unfinished inspections</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>检查表</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>继续检查</source>
        <translation>Continue inspection</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>逾期 {0} 条 · 7日内到期 {1} 条 · 未完成检查 {2} 次</source>
        <translation>Overdue: {0} · due within 7 days: {1} · unfinished inspections: {2}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>文号即将用完：</source>
        <translation>Document numbers are running out:</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../inspector_app/gui/app.py" line="+31"/>
        <source>安全生产现场检查执法终端</source>
        <translation>Work Safety Inspection Terminal</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../inspector_app/gui/errors.py" line="+20"/>
        <source>无法完成</source>
        <translation>Cannot complete</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>程序错误</source>
        <translation>Program error</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>操作未完成，已保存的数据不受影响。
请将详细信息告知维护人员。</source>
        <translation>The operation was not completed; data already saved is not affected.
Please pass the details on to your support staff.</translation>
    </message>
</context>
<context>
    <name>prompts</name>
    <message>
        <location filename="../../inspector_app/gui/prompts.py" line="+12"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
</TS>
