// The UI's words in English and Chinese. Follows the browser language; switchable.
import { load, save } from './storage.js';

const LANG_KEY = 'textlens.lang';

const STRINGS = {
  en: {
    tagline: 'Compare versions, count words — in your browser. Nothing leaves this machine.',
    language: 'Language', addDocuments: 'Add documents', chooseFiles: 'Choose files…',
    tryExample: 'Try the example', pasteText: 'Paste text', dropHint: '…or drop files anywhere on this page.',
    pasteName: 'Name', pastePlaceholder: 'Paste text here', addText: 'Add text', cancel: 'Cancel',
    documents: 'Documents', terms: 'Terms', compare: 'Compare', reuse: 'Reuse', dropNow: 'Drop to add these files',
    privacy: 'Runs entirely in this page: your files are never uploaded.',
    noDocuments: 'No documents yet. Choose files, paste text, drop files here, or try the example pair.',
    name: 'Name', size: 'Size', encoding: 'Encoding', scripts: 'Scripts', paragraphs: 'Paragraphs',
    sentences: 'Sentences', words: 'Words', remove: 'Remove', removeDoc: 'Remove {name}', actions: 'Show / remove',
    docsSummary: 'Documents: {n} ({size}).', docsSummaryPending: 'Documents: {n} ({size}); {pending} more waiting or being analysed.',
    term: 'Term', count: 'Count', rate: 'Per 10k', df: 'Docs', allDocuments: 'All documents',
    showing: 'Showing the top {shown} of {total} terms ({tokens} words counted).',
    needTwo: 'Load at least two documents to compare them.', docA: 'Document A', docB: 'Document B',
    ignoreCase: 'Ignore case', ignoreWhitespace: 'Ignore white space', sameShare: '{pct}% of A unchanged',
    changes: '{n} changes', deleted: 'deleted', inserted: 'inserted', working: 'Working…',
    reading: 'Reading {name}…', adding: 'Analysing {name}…', addingOf: 'Analysing {name} ({i} of {n})…', cancelled: 'Cancelled.',
    cancelledView: 'Cancelled: the documents stay loaded.', runAgain: 'Run again',
    beingAnalysed: 'being analysed…', waitingToAnalyse: 'waiting to be analysed',
    'stage.reading': 'reading', 'stage.decoding': 'decoding', 'stage.cleaning': 'cleaning up',
    'stage.segmenting': 'segmenting', 'stage.indexing': 'indexing', 'stage.discovering': 'finding terms',
    'stage.termTable': 'counting terms', 'stage.variants': 'grouping variants',
    tooLargeFile: '{name} is {size}, over the limit of {limit} per file; it was not added.',
    tooLargeTotal: '{name} would bring the loaded total to {total}, over the limit of {limit}; remove a document first.',
    limitsHint: 'Up to {file} per file, {total} in all.',
    errorIn: '{name}: {message}', dismiss: 'Dismiss', loaded: 'Added {name}.',
    emptyPaste: 'Paste some text first.', han: 'Han', latin: 'Latin', other: 'other',
    legend: 'Legend:', views: 'Views', crashed: 'The analysis engine crashed and was restarted. Your documents are kept; the step it was running did not finish — try it again.',
    crashIn: 'The analysis engine crashed while reading {name}, so {name} was not added. It was restarted; your other documents are kept.',
    crashWords: 'the analysis engine crashed',
    replayFailed: '{name} could not be loaded again after the restart ({message}) and was removed; your other documents are kept.',
    replayStepFailed: 'A setting could not be restored after the restart ({message}).',
    engineUnavailable: 'the analysis engine could not start; try again, or reload the page',
    // Documents view (ingest)
    format: 'Format', chars: 'Characters', lines: 'Lines', cleanup: 'Clean-up',
    charsShort: 'Chars', linesShort: 'Lines', paragraphsShort: 'Paras', sentencesShort: 'Sents', wordsShort: 'Words', autoShort: 'Auto',
    autoDetect: 'Detect automatically', encodingFor: 'Encoding of {name}', rereading: 'Re-reading {name}…',
    malformed: '{n} bytes could not be read (shown as �)', noRepairs: 'nothing to repair',
    showJoins: 'Show joins', hideJoins: 'Hide joins', joinedHere: 'joined here', joinWas: 'was {was}',
    joinsAll: 'All {total} places where a line broken inside a sentence was joined:',
    joinsTruncated: 'The first {shown} of {total} places where a line broken inside a sentence was joined:',
    'method.bom': 'byte-order mark', 'method.validUtf8': 'valid UTF-8', 'method.mostlyUtf8': 'UTF-8 with bad bytes',
    'method.utf16Pattern': 'UTF-16 pattern', 'method.declared': 'declared in the file', 'method.guessed': 'guessed',
    'method.override': 'chosen by you',
    'format.text': 'text', 'format.markdown': 'Markdown', 'format.csv': 'CSV', 'format.html': 'HTML', 'format.docx': 'Word',
    'repair.lineEnding': 'line endings normalised', 'repair.controlChar': 'control characters removed',
    'repair.trailingSpace': 'trailing spaces removed', 'repair.joinedLine': 'broken lines joined',
    'repair.joinedBlock': 'broken paragraphs joined', 'repair.dehyphenated': 'hyphenated words rejoined',
    'clean.lineEndings': 'Line endings', 'clean.controlChars': 'Control characters', 'clean.trailingSpaces': 'Trailing spaces',
    'clean.joinLines': 'Join broken lines', 'clean.joinBlocks': 'Join broken paragraphs', 'clean.dehyphenate': 'Rejoin hyphenated words',
  },
  zh: {
    tagline: '比较版本、统计词语——全在浏览器里完成，文件不会离开本机。',
    language: '语言', addDocuments: '添加文档', chooseFiles: '选择文件…',
    tryExample: '试用示例', pasteText: '粘贴文本', dropHint: '…或把文件拖到本页任意位置。',
    pasteName: '名称', pastePlaceholder: '在此粘贴文本', addText: '添加文本', cancel: '取消',
    documents: '文档', terms: '词语', compare: '比较', reuse: '复用', dropNow: '松开即可添加这些文件',
    privacy: '完全在本页运行：文件从不上传。',
    noDocuments: '还没有文档。请选择文件、粘贴文本、拖入文件，或试用示例。',
    name: '名称', size: '大小', encoding: '编码', scripts: '文字', paragraphs: '段落',
    sentences: '句子', words: '词数', remove: '移除', removeDoc: '移除 {name}', actions: '查看 / 移除',
    docsSummary: '文档：{n} 个（{size}）。', docsSummaryPending: '文档：{n} 个（{size}）；另有 {pending} 个等待或正在分析。',
    term: '词语', count: '次数', rate: '每万词', df: '文档数', allDocuments: '全部文档',
    showing: '显示前 {shown} 个词（共 {total} 个；统计 {tokens} 词）。',
    needTwo: '至少载入两篇文档才能比较。', docA: '文档 A', docB: '文档 B',
    ignoreCase: '忽略大小写', ignoreWhitespace: '忽略空白', sameShare: 'A 的 {pct}% 未改动',
    changes: '{n} 处改动', deleted: '删除', inserted: '插入', working: '处理中…',
    reading: '正在读取 {name}…', adding: '正在分析 {name}…', addingOf: '正在分析 {name}（第 {i} 个，共 {n} 个）…', cancelled: '已取消。',
    cancelledView: '已取消：文档仍保留。', runAgain: '重新运行',
    beingAnalysed: '正在分析…', waitingToAnalyse: '等待分析',
    'stage.reading': '读取', 'stage.decoding': '解码', 'stage.cleaning': '清理',
    'stage.segmenting': '分词', 'stage.indexing': '建立索引', 'stage.discovering': '发现新词',
    'stage.termTable': '统计词频', 'stage.variants': '归并异形词',
    tooLargeFile: '{name} 大小为 {size}，超过单个文件 {limit} 的上限，未添加。',
    tooLargeTotal: '添加 {name} 后总大小将达 {total}，超过 {limit} 的上限；请先移除文档。',
    limitsHint: '单个文件最大 {file}，总计最大 {total}。',
    errorIn: '{name}：{message}', dismiss: '关闭', loaded: '已添加 {name}。',
    emptyPaste: '请先粘贴文本。', han: '汉字', latin: '拉丁', other: '其他',
    legend: '图例：', views: '视图', crashed: '分析引擎崩溃，已重启。您的文档都已保留；正在进行的操作未完成，请重试。',
    crashIn: '分析引擎在读取 {name} 时崩溃，{name} 未添加。引擎已重启，其他文档都已保留。',
    crashWords: '分析引擎崩溃',
    replayFailed: '重启后无法重新载入 {name}（{message}），已将其移除；其他文档都已保留。',
    replayStepFailed: '重启后有一项设置未能恢复（{message}）。',
    engineUnavailable: '分析引擎无法启动；请重试或重新载入页面',
    // Documents view (ingest)
    format: '格式', chars: '字符', lines: '行数', cleanup: '清理',
    charsShort: '字符', linesShort: '行数', paragraphsShort: '段落', sentencesShort: '句子', wordsShort: '词数', autoShort: '自动',
    autoDetect: '自动识别', encodingFor: '{name} 的编码', rereading: '正在重新读取 {name}…',
    malformed: '{n} 个字节无法读取(显示为 �)', noRepairs: '无需修复',
    showJoins: '显示拼接处', hideJoins: '隐藏拼接处', joinedHere: '在此拼接', joinWas: '原为 {was}',
    joinsAll: '句中断行被拼接的全部 {total} 处:',
    joinsTruncated: '句中断行被拼接的 {total} 处中的前 {shown} 处:',
    'method.bom': '字节顺序标记', 'method.validUtf8': '有效的 UTF-8', 'method.mostlyUtf8': '含坏字节的 UTF-8',
    'method.utf16Pattern': 'UTF-16 字节特征', 'method.declared': '文件中声明', 'method.guessed': '推测',
    'method.override': '由你选择',
    'format.text': '文本', 'format.markdown': 'Markdown', 'format.csv': 'CSV', 'format.html': 'HTML', 'format.docx': 'Word',
    'repair.lineEnding': '统一换行符', 'repair.controlChar': '删除控制字符',
    'repair.trailingSpace': '删除行尾空格', 'repair.joinedLine': '拼接断行',
    'repair.joinedBlock': '拼接断开的段落', 'repair.dehyphenated': '合并连字符断词',
    'clean.lineEndings': '换行符', 'clean.controlChars': '控制字符', 'clean.trailingSpaces': '行尾空格',
    'clean.joinLines': '拼接断行', 'clean.joinBlocks': '拼接断开的段落', 'clean.dehyphenate': '合并连字符断词',
  },
};

let lang = (load(LANG_KEY, { maxChars: 16 }) || navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';

export function getLang() { return lang; }

export function setLang(next) {
  lang = STRINGS[next] ? next : 'en';
  save(LANG_KEY, lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
}

/** The UI string `key`, with `{name}` placeholders filled from `vars`. */
export function t(key, vars = {}) {
  return fill(STRINGS[lang][key] ?? STRINGS.en[key] ?? key, vars);
}

/**
 * A `t` for a view's own string table (`{en: {...}, zh: {...}}`), falling back to the
 * shared strings; keeps each view's words beside it without a second lookup mechanism.
 */
export function translator(table) {
  return (key, vars = {}) => {
    const s = table[lang]?.[key] ?? table.en[key];
    return s === undefined ? t(key, vars) : fill(s, vars);
  };
}

function fill(s, vars) {
  return s.replace(/\{(\w+)\}/g, (_, k) => (k in vars ? String(vars[k]) : `{${k}}`));
}
