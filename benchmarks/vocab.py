"""Word lists for the synthetic library, each roughly in order of real-world frequency.

The generator draws from every list with Zipf weights by position (the first word is
the most frequent), so the order matters more than the exact membership: common words
such as 我们/发展/工作/问题 come first and land in most articles, the tail is rare. The
lists were written for this benchmark (no corpus was copied); they hold real words and
set phrases so that 1-, 2- and 4-character queries behave as they would on real text.

The word lists never contain ``<``, ``>``, ``&``, ``|``, ``*``, ``_``, backticks or brackets:
the same sentences go into HTML and Markdown bodies without escaping.
"""

from __future__ import annotations

from typing import Final


def words_of(text: str) -> tuple[str, ...]:
    """Whitespace-separated words, first occurrence kept (order is frequency rank)."""
    return tuple(dict.fromkeys(text.split()))


ZH_NOUNS: Final = words_of(
    """
    问题 工作 发展 社会 经济 国家 企业 人民 时间 情况 市场 技术 中国 服务 管理 文化
    孩子 学生 教育 生活 世界 公司 城市 地方 历史 数据 产品 项目 行业 活动 群众 家庭
    朋友 老师 父母 人员 建设 环境 能力 系统 平台 信息 内容 作用 关系 方面 过程 水平
    基础 条件 标准 政策 制度 机制 组织 单位 部门 领导 干部 安全 质量 价格 资金 投资
    消费 用户 客户 网络 互联网 手机 电脑 软件 程序 代码 文件 数据库 服务器 科技 科学
    研究 专家 学者 医生 医院 患者 健康 疾病 身体 心理 食物 饮食 农村 农民 农业 土地
    粮食 工业 汽车 交通 道路 铁路 机场 旅游 游客 景区 酒店 房子 房价 住房 学校 大学
    课程 考试 成绩 知识 文章 作品 电影 音乐 故事 小说 作者 读者 记者 媒体 新闻 视频
    图片 照片 节目 比赛 球队 冠军 体育 足球 篮球 经验 方法 方式 思想 观点 意见 建议
    目标 任务 责任 规划 计划 方案 措施 效果 结果 原因 影响 变化 趋势 特点 优势 机会
    挑战 风险 压力 困难 矛盾 需求 要求 规模 结构 体系 模式 领域 范围 区域 地区 乡村
    社区 街道 窗口 岗位 业务 事业 职业 员工 职工 工人 青年 老人 儿童 妇女 居民 村民
    家长 同学 同事 伙伴 团队 队伍 人才 创业 就业 收入 工资 成本 利润 税收 财政 金融
    银行 股票 基金 保险 货币 贸易 出口 进口 合作 交流 会议 论坛 文件 报告 调查 统计
    规定 法律 法规 条例 权利 义务 利益 公平 秩序 治理 改革 开放 创新 科研 实验 成果
    专利 材料 能源 电力 石油 天然气 煤炭 新能源 电池 芯片 设备 机器 工具 零件 工厂
    车间 生产 制造 供应链 物流 快递 电商 直播 短视频 流量 粉丝 账号 公众号 评论 话题
    热点 舆论 声音 心情 感情 情绪 梦想 理想 信念 初心 使命 精神 力量 品质 品牌 形象
    空间 时代 未来 过去 现在 今天 明天 昨天 早上 晚上 夜晚 周末 假期 春节 中秋 国庆
    春天 夏天 秋天 冬天 天气 气温 雨水 阳光 空气 河流 湖泊 大海 山区 森林 草原 沙漠
    动物 植物 花朵 树木 水果 蔬菜 米饭 面条 茶叶 咖啡 牛奶 鸡蛋 猪肉 牛肉 鱼 菜 汤
    厨房 客厅 卧室 阳台 门口 街头 商场 超市 餐厅 咖啡馆 书店 图书馆 博物馆 公园 广场
    车站 地铁 公交 高铁 航班 飞机 火车 船 自行车 电动车 停车场 高速 隧道 桥梁 港口
    语言 文字 汉字 英语 中文 诗歌 散文 书法 绘画 摄影 设计 艺术 舞蹈 戏曲 京剧 传统
    习俗 节日 礼物 婚礼 生日 爱情 婚姻 友谊 亲情 记忆 回忆 童年 青春 中年 晚年 人生
    命运 选择 机遇 道理 智慧 习惯 性格 态度 兴趣 爱好 运动 跑步 游泳 健身 睡眠 营养
    药物 疫苗 病毒 细菌 医疗 护士 手术 治疗 检查 诊断 症状 血压 血糖 心脏 大脑 眼睛
    皮肤 头发 宇宙 星球 地球 月亮 太阳 卫星 火箭 航天 宇航员 海洋 气候 碳排放 污染
    垃圾 资源 水资源 生态 保护区 野生动物 熊猫 老虎 大象 鸟类 昆虫 蝴蝶 蜜蜂 猫 狗
    宠物 算法 模型 框架 接口 函数 变量 参数 对象 类型 模块 组件 插件 版本 漏洞 补丁
    缓存 索引 查询 日志 配置 容器 集群 节点 进程 线程 内存 硬盘 网页 浏览器 网站 域名
    服务端 前端 后端 开发者 工程师 程序员 产品经理 架构 性能 效率 体验 界面 页面 按钮
    菜单 窗口期 账户 密码 隐私 权限 证书 身份证 户口 户籍 证明 手续 流程 材料费 押金
    合同 发票 订单 商品 价格战 优惠 折扣 会员 积分 广告 营销 推广 渠道 门店 连锁店
    餐饮 外卖 美食 小吃 火锅 烧烤 早餐 午餐 晚餐 甜点 面包 蛋糕 酱油 辣椒 大蒜 生姜
    葱花 花椒 八角 冰糖 料酒 清水 锅 碗 筷子 盘子 味道 口感 香味 颜色 温度 火候
    时光 岁月 季节 节气 立春 清明 端午 重阳 冬至 小寒 大寒 古镇 老街 胡同 四合院
    寺庙 长城 故宫 西湖 黄山 泰山 长江 黄河 洱海 苍山 雪山 古城 民宿 客栈 背包
    地图 导航 行李 门票 护照 签证 边境 风景 风光 日出 日落 星空 云海 梯田 稻田
    竹林 茶园 果园 牧场 渔村 码头 灯塔 海岸 沙滩 岛屿 温泉 瀑布 峡谷 溶洞 草甸
    书籍 图书 杂志 报纸 出版社 编辑 译者 翻译 评论家 诗人 作家 画家 音乐家 科学家
    哲学 文学 数学 物理 化学 生物 地理 政治 历史学 经济学 社会学 心理学 教育学 逻辑
    概念 理论 原理 规律 定律 公式 证据 事实 真相 谎言 秘密 谜题 答案 线索 细节
    角度 视角 层面 维度 边界 底线 红线 门槛 瓶颈 短板 痛点 难点 重点 亮点 焦点
    """
)

ZH_VERBS: Final = words_of(
    """
    进行 发展 推进 加强 提高 提供 实现 开展 建立 推动 完善 保障 支持 参加 参与 认为
    表示 介绍 发现 学习 使用 了解 解决 处理 完成 需要 希望 觉得 知道 告诉 看到 听到
    准备 开始 继续 坚持 成为 出现 发生 影响 改变 增加 减少 降低 保持 保护 创造 创新
    选择 决定 研究 分析 讨论 调查 检查 负责 落实 推广 宣传 组织 举办 召开 发布 公布
    采取 制定 执行 实施 落地 启动 上线 升级 优化 改进 调整 整合 融合 连接 覆盖 扩大
    打造 构建 形成 带来 带动 促进 激发 释放 提升 增强 巩固 拓展 深化 破解 突破 攻克
    关注 重视 强调 指出 提出 要求 鼓励 引导 帮助 服务 照顾 陪伴 关心 理解 尊重 信任
    喜欢 热爱 享受 感受 体验 经历 面对 承担 克服 战胜 放弃 失去 获得 赢得 取得 收获
    记录 拍摄 写作 阅读 翻译 编写 设计 开发 测试 部署 运行 安装 下载 上传 搜索 浏览
    分享 转发 点赞 收藏 订阅 关注到 购买 销售 出售 租用 投资 消费 支付 节省 浪费
    吃 喝 做 说 看 听 想 走 跑 来 去 回 到 住 用 买 卖 写 读 学 教 找 等 送 带
    煮 炒 炖 蒸 煎 切 洗 放 加入 倒入 翻炒 焖 收汁 出锅 装盘 品尝 点评 推荐 比较
    出发 抵达 游览 参观 徒步 攀登 露营 漫步 停留 拜访 探访 寻找 遇见 告别 回忆起
    办理 申请 审批 登记 核实 比对 受理 补办 咨询 答复 解答 反映 投诉 举报 求助
    抓获 侦破 调解 巡逻 救援 抢修 排查 整治 清理 修复 维护 维修 更换 监测 预警
    下降 上涨 增长 回落 波动 稳定 恢复 反弹 放缓 加快 领先 落后 超过 达到 突破了
    """
)

ZH_ADJECTIVES: Final = words_of(
    """
    重要 主要 新 大 小 好 高 多 快 简单 复杂 清楚 明显 积极 健康 安全 稳定 优秀 良好
    传统 现代 全面 基本 具体 直接 有效 严格 独特 丰富 不同 相同 特别 普通 一般 正常
    困难 容易 方便 舒服 漂亮 美丽 干净 安静 热闹 温暖 寒冷 炎热 凉快 新鲜 美味 可口
    年轻 古老 悠久 著名 知名 热门 流行 先进 落后 基层 核心 关键 深刻 深入 广泛 持续
    高效 便捷 精准 智能 绿色 低碳 开放 透明 公正 合理 科学 规范 扎实 务实 真实 可靠
    优质 高端 实用 免费 昂贵 便宜 珍贵 难得 宝贵 有趣 无聊 紧张 轻松 忙碌 辛苦 幸福
    快乐 难过 感动 自豪 骄傲 失望 焦急 担心 满意 热情 耐心 细心 认真 勇敢 坚强 善良
    朴素 低调 乐观 悲观 冷静 成熟 灵活 稳健 激烈 温和 柔软 坚硬 清淡 浓郁 香甜 酸辣
    """
)

ZH_ADVERBS: Final = words_of(
    """
    不 也 都 就 还 又 很 最 更 已经 正在 一直 非常 特别 比较 十分 逐步 不断 始终 再
    才 总是 往往 经常 常常 依然 仍然 终于 立即 马上 同时 进一步 更加 尤其 几乎 大约
    主动 充分 切实 认真地 努力 尽快 及时 全力 共同 相互 一起 反复 逐渐 渐渐 突然 偶尔
    """
)

ZH_SUBJECTS: Final = words_of(
    """
    我们 他们 大家 我 你 他 她 自己 人们 记者 专家 有关部门 相关负责人 工作人员 网友
    很多人 不少人 年轻人 消费者 研究人员 当地居民 村干部 志愿者 民警 医护人员 开发者
    """
)

ZH_PLACES: Final = words_of(
    """
    北京 上海 广州 深圳 杭州 成都 武汉 南京 西安 重庆 天津 苏州 长沙 郑州 青岛 厦门
    昆明 贵阳 合肥 济南 福州 南昌 沈阳 大连 哈尔滨 长春 石家庄 太原 兰州 西宁 银川
    乌鲁木齐 拉萨 南宁 海口 三亚 桂林 丽江 大理 香格里拉 洛阳 开封 扬州 绍兴 宁波
    温州 无锡 常州 徐州 泉州 景德镇 敦煌 喀什 延吉 黔东南 修文县 凤凰古城 婺源 阳朔
    """
)

ZH_IDIOMS: Final = words_of(
    """
    人工智能 高质量发展 乡村振兴 数字经济 深度学习 机器学习 实事求是 与时俱进 全心全意
    脱贫攻坚 因地制宜 齐心协力 持之以恒 兢兢业业 脚踏实地 精益求精 层出不穷 日新月异
    迫在眉睫 一目了然 举足轻重 众所周知 不可思议 千方百计 想方设法 循序渐进 名副其实
    一丝不苟 全力以赴 坚持不懈 不忘初心 牢记使命 雷厉风行 打草惊蛇 灵机一动 无独有偶
    各个击破 不折不扣 实实在在 兴高采烈 津津有味 恍然大悟 心平气和 小心翼翼 自言自语
    得心应手 一举两得 事半功倍 半途而废 画龙点睛 锦上添花 雪中送炭 井然有序 焕然一新
    源远流长 博大精深 琳琅满目 络绎不绝 门庭若市 人山人海 风和日丽 春暖花开 秋高气爽
    山清水秀 鸟语花香 万紫千红 五彩缤纷 波澜壮阔 气势磅礴 巧夺天工 美不胜收 流连忘返
    心旷神怡 一见如故 依依不舍 刻骨铭心 念念不忘 感同身受 相得益彰 水到渠成 开门见山
    言简意赅 深入浅出 融会贯通 举一反三 温故知新 学以致用 知行合一 厚积薄发 见微知著
    未雨绸缪 防患未然 亡羊补牢 守株待兔 刻舟求剑 杯弓蛇影 画蛇添足 对牛弹琴 班门弄斧
    胸有成竹 水滴石穿 卧薪尝胆 破釜沉舟 四面楚歌 完璧归赵 负荆请罪 纸上谈兵 围魏救赵
    """
)

ZH_MEASURES: Final = words_of("个 次 项 件 名 位 家 所 条 篇 本 张 台 辆 亿元 万元 公里 小时 天 年")

TECH_TERMS: Final = words_of(
    """
    Python AI API Linux Docker GitHub JavaScript Git iPhone Android HTTP JSON Windows
    Kubernetes React SQL Vue Java Go Rust TypeScript Node.js SQLite MySQL Redis Nginx
    macOS ChatGPT Excel Markdown HTML CSS YAML asyncio PostgreSQL Chrome Firefox VSCode
    Vim Emacs tmux WebAssembly GraphQL REST CI CD DevOps SaaS 5G Wi-Fi USB Bluetooth
    iPad Kindle Transformer GPU CPU SSD NumPy pandas PyTorch TensorFlow Django Flask
    FastAPI Spring Hexo Jekyll Hugo WordPress Textual Rich ripgrep fzf Zsh Bash
    """
)

EN_NOUNS: Final = words_of(
    """
    time people year way day man thing woman life child world school state family
    student group country problem hand part place case week company system program
    question work government number night point home water room mother area money story
    fact month lot right study book eye job word business issue side kind head house
    service friend father power hour game line end member law car city community name
    president team minute idea kid body information back parent face others level office
    door health person art war history party result change morning reason research girl
    guy moment air teacher force education foot boy age policy process music market
    sense nation plan college interest death experience effect class control care field
    development role effort rate heart drug show leader light voice wife police mind
    price report decision son view relationship town road arm difference value building
    action model season society tax director position player record paper space ground
    form event official matter center couple site project activity star table need court
    oil situation cost industry figure street image phone data picture practice piece
    land product doctor wall patient worker news test movie north love support technology
    step baby computer type attention film tree source organization hair window evidence
    population site culture language garden river kitchen island coast mountain valley
    village bridge station harbor library museum festival recipe bread tea coffee rice
    noodle soup pepper garlic ginger sugar salt flour butter terminal screen keyboard
    font character typeface printer cursor shell command file folder index query cache
    editor compiler function variable module library framework server browser network
    protocol packet kernel thread process memory disk release version feature bug patch
    review essay novel chapter author reader poem poet sentence paragraph margin page
    journey trip map train ticket hotel traveler road trail lake forest desert weather
    letter pattern habit memory silence shadow window lamp candle clock calendar diary
    notebook pencil ink stamp envelope parcel harvest orchard meadow pasture barn fence
    lantern temple shrine pagoda courtyard alley market stall vendor bicycle ferry tram
    platform tunnel canal dock lighthouse cliff glacier volcano canyon cave waterfall
    monsoon typhoon drought frost blossom bamboo pine maple willow lotus orchid jasmine
    dumpling porridge pancake vinegar sesame scallion broth wok cleaver chopstick kettle
    teapot porcelain lacquer silk cotton wool linen thread needle loom weaver potter
    carpenter blacksmith scribe archivist librarian cartographer astronomer botanist
    glyph serif ligature kerning glossary footnote appendix preface manuscript archive
    telegraph typewriter teletype mainframe modem pixel bitmap raster vector palette
    spreadsheet pipeline scheduler allocator parser tokenizer lexicon corpus grammar
    semaphore mutex coroutine callback iterator generator decorator closure namespace
    """
)

EN_VERBS: Final = words_of(
    """
    said made went took came saw knew got gave found thought told became showed left
    felt brought began kept held wrote stood heard let meant set met ran paid sat spoke
    lay led read grew lost fell sent built understood drew broke spent cut rose drove
    bought wore chose sought threw caught dealt won forgot sold fought taught slept
    opened started changed followed stopped created learned added needed worked played
    moved lived believed happened included continued watched reached remained suggested
    raised passed required reported decided pulled returned explained hoped developed
    carried offered considered appeared served expected described produced received
    tested measured printed rendered parsed indexed searched cooked baked walked
    visited crossed climbed compiled deployed wrapped scrolled typed edited reviewed
    """
)

EN_ADJECTIVES: Final = words_of(
    """
    other new good high old great big small large long little own right young early
    important few public bad same able last late hard major better best free sure real
    whole clear recent certain local social political national human open full simple
    common strong possible special easy poor natural significant similar hot dead central
    happy serious ready left physical general environmental financial blue democratic dark
    various entire close legal religious cold final main green nice huge popular
    traditional cultural quiet narrow wide careful modern ancient quick slow plain bright
    wooden narrow steep sweet bitter fragrant crisp tender patient fast faithful readable
    monospaced elegant honest curious generous stubborn obscure remarkable subtle
    """
)

EN_ADVERBS: Final = words_of(
    """
    also just only very even back still well never really often however almost always
    perhaps quickly finally slowly probably simply actually certainly recently usually
    clearly quietly carefully suddenly gently rarely eventually honestly barely
    """
)

EN_SUBJECTS: Final = (
    "we", "they", "I", "you", "he", "she", "people", "everyone", "the author", "the reader",
    "the team", "my friend", "nobody", "the engineers", "the old printer", "the editor",
    "most readers", "a colleague",
)  # fmt: skip

EN_PLACES: Final = words_of(
    """
    London Paris Tokyo Kyoto Beijing Shanghai Chengdu Berlin Lisbon Boston Seattle
    Edinburgh Oslo Vienna Prague Istanbul Hanoi Taipei Singapore Melbourne
    """
)

CODE_SNIPPETS: Final = (
    (
        "python",
        "import asyncio\n\n\nasync def fetch(name: str, delay: float) -> str:\n"
        '    await asyncio.sleep(delay)\n    return f"{name} done"\n\n\n'
        "async def main() -> None:\n"
        '    results = await asyncio.gather(fetch("a", 0.2), fetch("b", 0.1))\n'
        "    print(results)\n\n\nasyncio.run(main())\n",
    ),
    (
        "python",
        "from pathlib import Path\n\n\ndef countwords_of(folder: Path) -> dict[str, int]:\n"
        "    counts: dict[str, int] = {}\n"
        '    for path in folder.rglob("*.md"):\n'
        '        for word in path.read_text(encoding="utf-8").split():\n'
        "            counts[word] = counts.get(word, 0) + 1\n    return counts\n",
    ),
    (
        "javascript",
        "const items = await fetch('/api/articles?limit=20').then((r) => r.json());\n"
        "for (const item of items) {\n  console.log(item.title, item.date);\n}\n",
    ),
    (
        "bash",
        "#!/usr/bin/env bash\nset -euo pipefail\nfor f in posts/*.md; do\n"
        '  wc -c "$f"\ndone | sort -n | tail -5\n',
    ),
    (
        "sql",
        "SELECT category, COUNT(*) AS n\n  FROM articles\n WHERE date >= '2021-01-01'\n"
        " GROUP BY category\n ORDER BY n DESC\n LIMIT 10;\n",
    ),
    (
        "go",
        'package main\n\nimport "fmt"\n\nfunc main() {\n\tfor i := 0; i != 3; i++ {\n'
        '\t\tfmt.Println("hello", i)\n\t}\n}\n',
    ),
    (
        "rust",
        "fn main() {\n    let words: Vec<&str> = \"a b c\".split(' ').collect();\n"
        '    println!("{} words", words.len());\n}\n',
    ),
    (
        "yaml",
        "title: Hello\ncategories:\n  - Notes\n  - Daily\ntags: [life, writing]\n"
        "date: 2021-11-24 09:10:49\n",
    ),
    (
        "json",
        '{\n  "name": "broadsheet",\n  "version": "0.1.0",\n  "private": true,\n'
        '  "scripts": {"build": "hexo generate"}\n}\n',
    ),
    (
        "css",
        'body {\n  font-family: "Noto Serif SC", serif;\n  line-height: 1.8;\n'
        "  max-width: 42em;\n}\n",
    ),
)
"""(language, source) pairs; the source is escaped before it goes into HTML."""

IMAGE_CAPTIONS: Final = words_of("示意图 现场图 配图 截图 流程图 架构图 效果图 合影 风景照")

SLUG_WORDS: Final = words_of(
    """
    notes daily guide intro tips review story city life tech python linux web data
    news update report travel food recipe book essay history culture design search
    window service study plan week summer winter spring autumn road home work team
    """
)
